-- expect: rows
-- Every window of the day, the empty ones with 0 trips: a stream emits nothing for those.
SELECT w.window_start, w.window_start + interval '5 minutes' AS window_end, count(t.lpep_pickup_datetime) AS trips
FROM generate_series(timestamp '2019-10-15 00:00', timestamp '2019-10-15 23:55', interval '5 minutes') AS w(window_start)
LEFT JOIN green_tripdata t
  ON t.lpep_pickup_datetime >= w.window_start AND t.lpep_pickup_datetime < w.window_start + interval '5 minutes'
GROUP BY w.window_start
ORDER BY w.window_start;
