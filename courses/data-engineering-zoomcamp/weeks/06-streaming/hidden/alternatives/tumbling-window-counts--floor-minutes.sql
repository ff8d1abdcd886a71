SELECT date_trunc('hour', lpep_pickup_datetime) + floor(extract(minute FROM lpep_pickup_datetime) / 5) * interval '5 minutes' AS window_start,
       date_trunc('hour', lpep_pickup_datetime) + floor(extract(minute FROM lpep_pickup_datetime) / 5) * interval '5 minutes' + interval '5 minutes' AS window_end,
       count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime::date = '2019-10-15'
GROUP BY 1, 2
ORDER BY 1;
