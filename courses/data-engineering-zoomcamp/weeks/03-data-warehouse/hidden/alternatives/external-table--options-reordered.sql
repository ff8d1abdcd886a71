-- The options in the other order, a shorter wildcard, no backticks.
create or replace external table hw3.external_yellow_tripdata
options (uris = ['gs://dtc-zoomcamp-data/yellow_tripdata_*'], format = 'PARQUET');
