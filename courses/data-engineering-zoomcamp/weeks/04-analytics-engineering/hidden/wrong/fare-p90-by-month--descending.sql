-- expect: values
-- Sorted the fares in descending order: that is the 10th percentile.
WITH trips AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime, fare_amount, total_amount, trip_distance, payment_type FROM green_tripdata
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime, fare_amount, total_amount, trip_distance, payment_type FROM yellow_tripdata
)
SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month,
       percentile_cont(0.90) WITHIN GROUP (ORDER BY fare_amount DESC) AS p90_fare
FROM trips
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
  AND fare_amount > 0 AND trip_distance > 0 AND payment_type IN (1, 2)
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month;
