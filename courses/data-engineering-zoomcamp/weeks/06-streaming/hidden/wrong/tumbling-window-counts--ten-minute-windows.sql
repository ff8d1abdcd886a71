-- expect: rows
SELECT date_bin('10 minutes', lpep_pickup_datetime, TIMESTAMP '2019-10-15 00:00') AS window_start,
       date_bin('10 minutes', lpep_pickup_datetime, TIMESTAMP '2019-10-15 00:00') + INTERVAL '10 minutes' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-15' AND lpep_pickup_datetime < '2019-10-16'
GROUP BY 1
ORDER BY 1;
