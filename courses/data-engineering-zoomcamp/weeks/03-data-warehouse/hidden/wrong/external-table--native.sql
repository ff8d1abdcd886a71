-- expect: statement
-- A native copy is not an external table.
CREATE OR REPLACE TABLE hw3.external_yellow_tripdata AS SELECT * FROM nyc_taxi.yellow_tripdata;
