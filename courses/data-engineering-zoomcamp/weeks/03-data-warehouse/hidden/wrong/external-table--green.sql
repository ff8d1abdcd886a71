-- expect: values
-- The green taxi files, not the yellow ones.
CREATE OR REPLACE EXTERNAL TABLE `hw3.external_yellow_tripdata`
OPTIONS (format = 'PARQUET', uris = ['gs://dtc-zoomcamp-data/green_tripdata_2019-*.parquet']);
