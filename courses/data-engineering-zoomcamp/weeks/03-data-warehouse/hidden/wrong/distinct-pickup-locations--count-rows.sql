-- expect: values
-- Counts trips, not distinct locations.
SELECT count("PULocationID") AS distinct_pickup_locations
FROM green_tripdata;
