-- Rows the transform drops: not (passengers and distance both non-zero).
SELECT count(*) AS dropped_rows
FROM yellow_tripdata
WHERE tpep_pickup_datetime >= '2019-10-01' AND tpep_pickup_datetime < '2019-11-01'
  AND NOT (passenger_count <> 0 AND trip_distance <> 0);
