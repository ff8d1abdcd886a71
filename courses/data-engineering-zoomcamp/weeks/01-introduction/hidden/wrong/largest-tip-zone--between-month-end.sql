-- expect: counterexample
-- BETWEEN '2019-10-01' AND '2019-10-31' stops at midnight of the 31st: the last day is lost.
SELECT d."Zone" AS dropoff_zone
FROM green_tripdata t
JOIN taxi_zone_lookup pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup d ON d."LocationID" = t."DOLocationID"
WHERE pu."Zone" = 'East Harlem North'
  AND t.lpep_pickup_datetime BETWEEN '2019-10-01' AND '2019-10-31'
  AND t.tip_amount IS NOT NULL
ORDER BY t.tip_amount DESC, dropoff_zone
LIMIT 1;
