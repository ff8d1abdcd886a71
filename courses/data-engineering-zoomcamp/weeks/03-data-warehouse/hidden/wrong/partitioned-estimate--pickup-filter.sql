-- expect: estimate
-- Filters on the pick-up time: other rows, and no partition is pruned.
SELECT DISTINCT VendorID
FROM hw3.yellow_tripdata_partitioned
WHERE DATE(tpep_pickup_datetime) BETWEEN '2019-10-01' AND '2019-10-15';
