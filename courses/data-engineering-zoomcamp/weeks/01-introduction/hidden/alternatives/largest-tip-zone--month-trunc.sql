SELECT dz."Zone" AS dropoff_zone
FROM green_tripdata g
JOIN taxi_zone_lookup pz ON g."PULocationID" = pz."LocationID"
JOIN taxi_zone_lookup dz ON g."DOLocationID" = dz."LocationID"
WHERE pz."Zone" = 'East Harlem North'
  AND date_trunc('month', g.lpep_pickup_datetime) = '2019-10-01'
  AND g.tip_amount IS NOT NULL
ORDER BY g.tip_amount DESC, dz."Zone"
LIMIT 1;
