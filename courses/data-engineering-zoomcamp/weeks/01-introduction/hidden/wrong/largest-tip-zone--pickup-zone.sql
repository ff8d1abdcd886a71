-- expect: values
-- Returns the pick-up zone (always East Harlem North) instead of the drop-off zone.
SELECT pu."Zone" AS dropoff_zone
FROM green_tripdata t
JOIN taxi_zone_lookup pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup d ON d."LocationID" = t."DOLocationID"
WHERE pu."Zone" = 'East Harlem North'
  AND t.lpep_pickup_datetime >= '2019-10-01'
  AND t.lpep_pickup_datetime < '2019-11-01'
  AND d."Zone" IS NOT NULL
ORDER BY t.tip_amount DESC NULLS LAST, d."Zone" ASC
LIMIT 1;
