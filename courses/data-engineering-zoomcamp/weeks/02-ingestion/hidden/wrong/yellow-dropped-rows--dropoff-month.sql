-- expect: values
-- Restricted to October on the drop-off time, not the pick-up time.
SELECT count(*) AS dropped_rows
FROM yellow_tripdata
WHERE tpep_dropoff_datetime >= '2019-10-01'
  AND tpep_dropoff_datetime < '2019-11-01'
  AND (passenger_count = 0 OR trip_distance = 0);
