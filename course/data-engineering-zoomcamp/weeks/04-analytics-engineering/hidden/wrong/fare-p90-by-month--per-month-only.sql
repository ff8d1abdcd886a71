-- expect: columns
SELECT date_trunc('month', lpep_pickup_datetime)::date AS trip_month,
       percentile_cont(0.90) WITHIN GROUP (ORDER BY fare_amount) AS p90_fare
FROM green_tripdata
WHERE fare_amount > 0 AND trip_distance > 0 AND payment_type IN (1, 2)
GROUP BY trip_month
ORDER BY trip_month;
