-- expect: values
-- BETWEEN '2019-10-18' AND '2019-10-19' also takes the trips picked up at midnight of the 19th.
SELECT z."Borough" AS borough, sum(t.total_amount) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE t.lpep_pickup_datetime BETWEEN '2019-10-18' AND '2019-10-19'
  AND z."Borough" <> 'Unknown'
GROUP BY z."Borough"
ORDER BY total_amount DESC, borough
LIMIT 3;
