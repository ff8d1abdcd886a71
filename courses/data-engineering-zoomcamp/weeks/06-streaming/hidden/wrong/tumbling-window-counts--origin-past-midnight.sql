-- expect: rows
-- Aligned the windows to 00:01 (a minute past midnight) instead of midnight.
SELECT date_bin('5 minutes', lpep_pickup_datetime, TIMESTAMP '2019-10-15 00:01') AS window_start,
       date_bin('5 minutes', lpep_pickup_datetime, TIMESTAMP '2019-10-15 00:01') + INTERVAL '5 minutes' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-15' AND lpep_pickup_datetime < '2019-10-16'
GROUP BY 1
ORDER BY 1;
