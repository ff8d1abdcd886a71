-- expect: columns
SELECT count(DISTINCT "PULocationID") AS distinct_pickup_locations,
       count(DISTINCT "DOLocationID") AS distinct_dropoff_locations
FROM green_tripdata;
