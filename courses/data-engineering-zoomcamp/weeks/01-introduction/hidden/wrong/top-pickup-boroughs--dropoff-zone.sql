-- expect: values
-- Joined the zone lookup on the drop-off location: drop-off boroughs, not pick-up boroughs.
SELECT z."Borough" AS borough, sum(t.total_amount) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."DOLocationID"
WHERE t.lpep_pickup_datetime::date = '2019-10-18'
  AND z."Borough" <> 'Unknown'
GROUP BY z."Borough"
ORDER BY total_amount DESC
LIMIT 3;
