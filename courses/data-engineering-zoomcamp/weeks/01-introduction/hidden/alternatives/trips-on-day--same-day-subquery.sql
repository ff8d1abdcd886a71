-- Picked up on the day in a subquery, then kept the trips that ended on the same calendar day.
select count(*) as trips
from (
  select lpep_pickup_datetime, lpep_dropoff_datetime
  from green_tripdata
  where date_trunc('day', lpep_pickup_datetime) = timestamp '2019-09-18'
) as picked_up
where date_trunc('day', lpep_dropoff_datetime) = date_trunc('day', lpep_pickup_datetime);
