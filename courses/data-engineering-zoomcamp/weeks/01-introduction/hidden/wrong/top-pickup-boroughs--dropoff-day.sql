-- expect: values
-- Filtered on the drop-off time: trips picked up the evening before and trips running past midnight change the sums.
SELECT z."Borough" AS borough, sum(t.total_amount) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE t.lpep_dropoff_datetime >= '2019-10-18'
  AND t.lpep_dropoff_datetime < '2019-10-19'
  AND z."Borough" <> 'Unknown'
GROUP BY z."Borough"
ORDER BY sum(t.total_amount) DESC, borough ASC
LIMIT 3;
