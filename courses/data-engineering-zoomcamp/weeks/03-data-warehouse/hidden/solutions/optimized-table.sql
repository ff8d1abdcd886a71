CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
PARTITION BY DATE(tpep_dropoff_datetime)
CLUSTER BY VendorID
AS SELECT * FROM hw3.external_yellow_tripdata;
