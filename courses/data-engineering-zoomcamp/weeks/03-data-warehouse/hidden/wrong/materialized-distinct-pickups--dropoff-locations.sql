-- expect: values
-- Distinct drop-off locations instead of pick-up locations.
SELECT COUNT(DISTINCT DOLocationID) FROM hw3.yellow_tripdata;
