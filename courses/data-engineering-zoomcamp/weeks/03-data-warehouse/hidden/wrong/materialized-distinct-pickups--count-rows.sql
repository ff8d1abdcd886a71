-- expect: values
-- Counts trips with a pick-up location, not distinct locations.
SELECT COUNT(PULocationID) FROM hw3.yellow_tripdata;
