-- expect: counterexample
-- Joins the windows with BETWEEN, which includes the end: a trip at exactly 00:05:00 counts in two windows.
SELECT w.window_start, w.window_start + interval '5 minutes' AS window_end, count(*) AS trips
FROM generate_series(timestamp '2019-10-15 00:00', timestamp '2019-10-15 23:55', interval '5 minutes') AS w(window_start)
JOIN green_tripdata t
  ON t.lpep_pickup_datetime BETWEEN w.window_start AND w.window_start + interval '5 minutes'
GROUP BY w.window_start
ORDER BY w.window_start;
