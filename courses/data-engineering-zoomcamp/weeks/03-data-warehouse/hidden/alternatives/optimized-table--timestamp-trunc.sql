-- Daily partitions written with TIMESTAMP_TRUNC(…, DAY), as BigQuery also accepts.
CREATE OR REPLACE TABLE `hw3.yellow_tripdata_optimized`
PARTITION BY TIMESTAMP_TRUNC(tpep_dropoff_datetime, DAY)
CLUSTER BY VendorID
AS
SELECT * FROM `hw3.external_yellow_tripdata`;
