-- expect: values
-- LIKE '%Harlem North' also matches Central Harlem North.
SELECT d."Zone" AS dropoff_zone
FROM green_tripdata t
JOIN taxi_zone_lookup pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup d ON d."LocationID" = t."DOLocationID"
WHERE pu."Zone" LIKE '%Harlem North'
  AND t.lpep_pickup_datetime >= '2019-10-01'
  AND t.lpep_pickup_datetime < '2019-11-01'
  AND t.tip_amount IS NOT NULL
ORDER BY t.tip_amount DESC, dropoff_zone
LIMIT 1;
