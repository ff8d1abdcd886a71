-- expect: estimate
-- Clustering on the date does not prune partitions: the estimate is the whole table's.
CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
CLUSTER BY tpep_dropoff_datetime, VendorID
AS SELECT * FROM hw3.external_yellow_tripdata;
