-- The largest tip first, then the zones of the trips with that tip, alphabetically.
WITH october_trips AS (
  SELECT g.tip_amount, g."DOLocationID"
  FROM green_tripdata g
  JOIN taxi_zone_lookup pu ON pu."LocationID" = g."PULocationID"
  WHERE pu."Zone" = 'East Harlem North'
    AND g.lpep_pickup_datetime >= DATE '2019-10-01'
    AND g.lpep_pickup_datetime < DATE '2019-11-01'
)
SELECT min(dz."Zone") AS dropoff_zone
FROM october_trips o
JOIN taxi_zone_lookup dz ON dz."LocationID" = o."DOLocationID"
WHERE o.tip_amount = (SELECT max(tip_amount) FROM october_trips o2 JOIN taxi_zone_lookup z2 ON z2."LocationID" = o2."DOLocationID")
HAVING count(*) > 0;
