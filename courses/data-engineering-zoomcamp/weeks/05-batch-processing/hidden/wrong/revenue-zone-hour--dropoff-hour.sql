-- expect: values
-- The drop-off hour instead of the pick-up hour.
SELECT date_trunc('hour', lpep_dropoff_datetime) AS pickup_hour,
       "PULocationID" AS zone_id, sum(total_amount) AS revenue, count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01' AND lpep_pickup_datetime < '2019-11-01' AND total_amount IS NOT NULL
GROUP BY 1, 2
ORDER BY revenue DESC, pickup_hour, zone_id
LIMIT 5;
