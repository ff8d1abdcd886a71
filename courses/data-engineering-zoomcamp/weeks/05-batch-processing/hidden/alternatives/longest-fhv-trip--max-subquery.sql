-- The longest duration by a subquery with max(), then the earliest trip that has it.
select date(pickup_datetime) as pickup_day,
       round(extract(epoch from ("dropOff_datetime" - pickup_datetime)) / 60 / 60, 2) as duration_hours
from fhv_tripdata
where "dropOff_datetime" - pickup_datetime = (select max("dropOff_datetime" - pickup_datetime) from fhv_tripdata)
order by pickup_datetime
limit 1;
