-- expect: values
-- Listed September and October but forgot November.
CREATE OR REPLACE EXTERNAL TABLE `hw3.external_yellow_tripdata`
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://dtc-zoomcamp-data/yellow_tripdata_2019-09.parquet', 'gs://dtc-zoomcamp-data/yellow_tripdata_2019-10.parquet']
);
