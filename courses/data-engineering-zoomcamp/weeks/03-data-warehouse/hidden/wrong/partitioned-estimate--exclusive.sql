-- expect: estimate
-- Stops before 2019-10-15: one partition short.
SELECT DISTINCT VendorID
FROM hw3.yellow_tripdata_partitioned
WHERE tpep_dropoff_datetime >= '2019-10-01' AND tpep_dropoff_datetime < '2019-10-15';
