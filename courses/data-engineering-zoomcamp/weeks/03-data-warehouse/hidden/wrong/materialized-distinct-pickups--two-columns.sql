-- expect: estimate
-- Same count, but reads a second column for nothing: a larger estimate.
SELECT COUNT(DISTINCT PULocationID) FROM hw3.yellow_tripdata WHERE DOLocationID IS NOT NULL OR DOLocationID IS NULL;
