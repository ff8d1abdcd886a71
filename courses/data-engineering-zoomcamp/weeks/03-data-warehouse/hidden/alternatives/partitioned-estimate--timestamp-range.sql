-- A half-open range on the timestamp prunes the same daily partitions.
SELECT DISTINCT VendorID
FROM hw3.yellow_tripdata_partitioned
WHERE tpep_dropoff_datetime >= TIMESTAMP '2019-10-01'
  AND tpep_dropoff_datetime < TIMESTAMP '2019-10-16';
