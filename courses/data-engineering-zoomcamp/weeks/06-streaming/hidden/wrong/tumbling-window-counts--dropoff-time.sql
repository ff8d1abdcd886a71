-- expect: rows
SELECT date_bin('5 minutes', lpep_dropoff_datetime, TIMESTAMP '2019-10-15 00:00') AS window_start,
       date_bin('5 minutes', lpep_dropoff_datetime, TIMESTAMP '2019-10-15 00:00') + INTERVAL '5 minutes' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_dropoff_datetime >= '2019-10-15' AND lpep_dropoff_datetime < '2019-10-16'
GROUP BY 1
ORDER BY 1;
