-- expect: values
-- COUNT(DISTINCT fare_amount) counts distinct fares (one: 0), not records.
SELECT COUNT(DISTINCT fare_amount) FROM nyc_taxi.yellow_tripdata WHERE fare_amount = 0;
