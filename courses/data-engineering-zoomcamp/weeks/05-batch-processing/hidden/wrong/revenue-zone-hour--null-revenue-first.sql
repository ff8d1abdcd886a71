-- expect: values
-- Without the NULL filter, a group whose revenue is NULL sorts first under ORDER BY … DESC.
SELECT date_trunc('hour', lpep_pickup_datetime) AS pickup_hour,
       "PULocationID" AS zone_id, sum(total_amount) AS revenue, count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01' AND lpep_pickup_datetime < '2019-11-01'
GROUP BY 1, 2
ORDER BY revenue DESC, pickup_hour, zone_id
LIMIT 5;
