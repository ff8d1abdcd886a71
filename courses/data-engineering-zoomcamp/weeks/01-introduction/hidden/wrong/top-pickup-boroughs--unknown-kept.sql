-- expect: counterexample
-- Forgot to leave out the borough Unknown.
SELECT z."Borough" AS borough, sum(t.total_amount) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE t.lpep_pickup_datetime::date = '2019-10-18'
GROUP BY z."Borough"
ORDER BY total_amount DESC
LIMIT 3;
