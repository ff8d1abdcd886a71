SELECT COUNT(*) AS zero_fare_trips
FROM nyc_taxi.yellow_tripdata
WHERE fare_amount = 0;
