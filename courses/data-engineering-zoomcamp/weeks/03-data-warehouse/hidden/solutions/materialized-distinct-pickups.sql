SELECT COUNT(DISTINCT PULocationID) AS distinct_pickup_locations
FROM hw3.yellow_tripdata;
