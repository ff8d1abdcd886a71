-- Numbers the boroughs by their sum with row_number() and keeps the first three.
select borough, total_amount
from (
  select z."Borough" as borough,
         sum(g.total_amount) as total_amount,
         row_number() over (order by sum(g.total_amount) desc, z."Borough") as position
  from green_tripdata g
  join taxi_zone_lookup z on g."PULocationID" = z."LocationID"
  where g.lpep_pickup_datetime >= timestamp '2019-10-18 00:00:00'
    and g.lpep_pickup_datetime < timestamp '2019-10-18 00:00:00' + interval '1 day'
    and z."Borough" != 'Unknown'
  group by z."Borough"
) ranked
where position <= 3
order by position;
