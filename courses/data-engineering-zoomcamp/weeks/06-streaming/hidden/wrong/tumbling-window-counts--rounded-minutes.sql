-- expect: rows
-- round() instead of floor(): a trip at 00:04 lands in the 00:05 window.
SELECT date_trunc('hour', lpep_pickup_datetime) + round(extract(minute FROM lpep_pickup_datetime) / 5) * interval '5 minutes' AS window_start,
       date_trunc('hour', lpep_pickup_datetime) + round(extract(minute FROM lpep_pickup_datetime) / 5) * interval '5 minutes' + interval '5 minutes' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-15' AND lpep_pickup_datetime < '2019-10-16'
GROUP BY 1, 2
ORDER BY 1;
