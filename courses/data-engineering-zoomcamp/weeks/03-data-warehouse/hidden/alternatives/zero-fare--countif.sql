-- BigQuery's COUNTIF.
SELECT COUNTIF(fare_amount = 0) AS zero_fare_trips
FROM nyc_taxi.yellow_tripdata;
