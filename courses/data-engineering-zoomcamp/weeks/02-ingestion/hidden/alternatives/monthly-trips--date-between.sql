-- BETWEEN on the dates (not the timestamps) keeps the whole of 30 November; make_date builds the month.
select 'fhv' as taxi_type,
       make_date(extract(year from pickup_datetime)::int, extract(month from pickup_datetime)::int, 1) as month,
       count(*) as trips
from fhv_tripdata
where pickup_datetime::date between '2019-09-01' and '2019-11-30'
group by 1, 2
union all
select 'green',
       make_date(extract(year from lpep_pickup_datetime)::int, extract(month from lpep_pickup_datetime)::int, 1),
       count(*)
from green_tripdata
where lpep_pickup_datetime::date between '2019-09-01' and '2019-11-30'
group by 1, 2
union all
select 'yellow',
       make_date(extract(year from tpep_pickup_datetime)::int, extract(month from tpep_pickup_datetime)::int, 1),
       count(*)
from yellow_tripdata
where tpep_pickup_datetime::date between '2019-09-01' and '2019-11-30'
group by 1, 2
order by taxi_type, month;
