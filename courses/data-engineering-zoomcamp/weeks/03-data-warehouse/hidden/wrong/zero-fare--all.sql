-- expect: values
-- Every trip.
SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata;
