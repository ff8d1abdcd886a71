-- expect: counterexample
-- ORDER BY tip_amount DESC puts a trip without a tip (NULL) first.
SELECT d."Zone" AS dropoff_zone
FROM green_tripdata t
JOIN taxi_zone_lookup pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup d ON d."LocationID" = t."DOLocationID"
WHERE pu."Zone" = 'East Harlem North'
  AND t.lpep_pickup_datetime >= '2019-10-01'
  AND t.lpep_pickup_datetime < '2019-11-01'
ORDER BY t.tip_amount DESC, dropoff_zone
LIMIT 1;
