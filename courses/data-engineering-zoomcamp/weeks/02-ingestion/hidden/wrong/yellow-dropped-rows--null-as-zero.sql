-- expect: values
-- coalesce(…, 0) turns a missing value into 0, so every trip with a NULL is dropped too.
SELECT count(*) AS dropped_rows
FROM yellow_tripdata
WHERE tpep_pickup_datetime >= '2019-10-01'
  AND tpep_pickup_datetime < '2019-11-01'
  AND (coalesce(passenger_count, 0) = 0 OR coalesce(trip_distance, 0) = 0);
