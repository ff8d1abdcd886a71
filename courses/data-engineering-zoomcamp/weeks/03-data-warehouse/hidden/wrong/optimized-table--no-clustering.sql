-- expect: table
-- Partitioned on the drop-off day but not clustered on VendorID, which the queries order by.
CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
PARTITION BY DATE(tpep_dropoff_datetime)
AS SELECT * FROM hw3.external_yellow_tripdata;
