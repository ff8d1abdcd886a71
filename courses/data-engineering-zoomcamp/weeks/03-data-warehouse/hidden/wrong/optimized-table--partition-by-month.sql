-- expect: estimate
-- Monthly partitions: a filter on the first half of October still reads the whole month.
CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
PARTITION BY TIMESTAMP_TRUNC(tpep_dropoff_datetime, MONTH)
CLUSTER BY VendorID
AS SELECT * FROM hw3.external_yellow_tripdata;
