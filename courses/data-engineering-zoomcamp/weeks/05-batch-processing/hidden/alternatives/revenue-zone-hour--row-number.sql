-- Numbers the groups with row_number() over the wanted order and keeps the first five.
select pickup_hour, zone_id, revenue, trips
from (
  select date_trunc('hour', lpep_pickup_datetime) as pickup_hour,
         "PULocationID" as zone_id,
         sum(total_amount) as revenue,
         count(*) as trips,
         row_number() over (order by sum(total_amount) desc, date_trunc('hour', lpep_pickup_datetime), "PULocationID") as position
  from green_tripdata
  where date_trunc('month', lpep_pickup_datetime) = '2019-10-01'
    and total_amount is not null
  group by date_trunc('hour', lpep_pickup_datetime), "PULocationID"
) ranked
where position <= 5
order by position;
