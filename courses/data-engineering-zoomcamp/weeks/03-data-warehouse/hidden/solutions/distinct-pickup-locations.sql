SELECT count(DISTINCT "PULocationID") AS distinct_pickup_locations
FROM green_tripdata;
