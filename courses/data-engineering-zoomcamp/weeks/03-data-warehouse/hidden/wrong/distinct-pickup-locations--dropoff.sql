-- expect: values
-- Counted drop-off locations instead of pick-up locations.
SELECT count(DISTINCT "DOLocationID") AS distinct_pickup_locations
FROM green_tripdata;
