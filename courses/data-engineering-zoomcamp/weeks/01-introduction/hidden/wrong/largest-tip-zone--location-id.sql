-- expect: values
-- Returns the drop-off LocationID, not the zone's name.
SELECT t."DOLocationID" AS dropoff_zone
FROM green_tripdata t
JOIN taxi_zone_lookup pu ON pu."LocationID" = t."PULocationID"
WHERE pu."Zone" = 'East Harlem North'
  AND t.lpep_pickup_datetime >= '2019-10-01'
  AND t.lpep_pickup_datetime < '2019-11-01'
  AND t.tip_amount IS NOT NULL
ORDER BY t.tip_amount DESC
LIMIT 1;
