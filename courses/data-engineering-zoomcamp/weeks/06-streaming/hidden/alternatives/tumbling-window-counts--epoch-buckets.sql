-- Buckets of 300 seconds of the epoch (midnight is a multiple of 300 s), back to a timestamp in UTC.
SELECT to_timestamp(floor(extract(epoch FROM lpep_pickup_datetime) / 300) * 300) AT TIME ZONE 'UTC' AS window_start,
       to_timestamp(floor(extract(epoch FROM lpep_pickup_datetime) / 300) * 300 + 300) AT TIME ZONE 'UTC' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-15 00:00:00'
  AND lpep_pickup_datetime < '2019-10-16 00:00:00'
GROUP BY 1, 2
ORDER BY 1;
