SELECT DISTINCT VendorID
FROM hw3.yellow_tripdata_partitioned
WHERE DATE(tpep_dropoff_datetime) BETWEEN '2019-10-01' AND '2019-10-15';
