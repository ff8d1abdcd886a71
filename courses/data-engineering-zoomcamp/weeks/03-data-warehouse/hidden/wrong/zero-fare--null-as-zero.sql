-- expect: values
-- IFNULL(…, 0) counts the trips without a fare as zero fares.
SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata WHERE IFNULL(fare_amount, 0) = 0;
