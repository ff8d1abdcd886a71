-- expect: values
-- Negative fares are not zero.
SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata WHERE fare_amount <= 0;
