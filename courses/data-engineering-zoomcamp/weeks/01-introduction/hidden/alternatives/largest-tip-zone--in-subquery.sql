-- Filters the pick-up zone with IN (subquery) and the month with extract().
select dz."Zone" as dropoff_zone
from green_tripdata g
left join taxi_zone_lookup dz on dz."LocationID" = g."DOLocationID"
where g."PULocationID" in (select "LocationID" from taxi_zone_lookup where "Zone" = 'East Harlem North')
  and extract(year from g.lpep_pickup_datetime) = 2019
  and extract(month from g.lpep_pickup_datetime) = 10
  and dz."Zone" is not null
  and g.tip_amount is not null
order by g.tip_amount desc, 1
limit 1;
