-- expect: counterexample
-- Ends the day at 23:59:00: a trip that finishes in the day's last minute is missed.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime BETWEEN '2019-09-18 00:00' AND '2019-09-18 23:59'
  AND lpep_dropoff_datetime BETWEEN '2019-09-18 00:00' AND '2019-09-18 23:59';
