-- expect: estimate
-- The same rows from the non-partitioned table: every day is read.
SELECT DISTINCT VendorID
FROM hw3.yellow_tripdata
WHERE DATE(tpep_dropoff_datetime) BETWEEN '2019-10-01' AND '2019-10-15';
