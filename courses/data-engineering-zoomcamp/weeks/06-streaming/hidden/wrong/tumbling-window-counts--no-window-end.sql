-- expect: columns
SELECT date_bin('5 minutes', lpep_pickup_datetime, TIMESTAMP '2019-10-15 00:00') AS window_start,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-15' AND lpep_pickup_datetime < '2019-10-16'
GROUP BY 1
ORDER BY 1;
