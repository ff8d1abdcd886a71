-- expect: estimate
-- Partitioned on the pick-up time, which the queries do not filter on.
CREATE OR REPLACE TABLE hw3.yellow_tripdata_optimized
PARTITION BY DATE(tpep_pickup_datetime)
CLUSTER BY VendorID
AS SELECT * FROM hw3.external_yellow_tripdata;
