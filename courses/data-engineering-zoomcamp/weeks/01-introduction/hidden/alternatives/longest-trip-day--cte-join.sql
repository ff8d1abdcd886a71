with longest as (
  select max(trip_distance) as distance
  from green_tripdata
)
select lpep_pickup_datetime::date as pickup_day
from green_tripdata g
join longest l on g.trip_distance = l.distance
order by pickup_day
fetch first 1 row only;
