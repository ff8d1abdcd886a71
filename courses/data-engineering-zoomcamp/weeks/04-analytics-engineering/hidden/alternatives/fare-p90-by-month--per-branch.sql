-- One percentile per table, filtered in each branch, then stacked.
SELECT 'Green' AS service_type,
       date_trunc('month', lpep_pickup_datetime)::date AS trip_month,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY fare_amount) AS p90_fare
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
  AND fare_amount > 0 AND trip_distance > 0 AND (payment_type = 1 OR payment_type = 2)
GROUP BY 1, 2
UNION ALL
SELECT 'Yellow',
       date_trunc('month', tpep_pickup_datetime)::date,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY fare_amount)
FROM yellow_tripdata
WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
  AND fare_amount > 0 AND trip_distance > 0 AND (payment_type = 1 OR payment_type = 2)
GROUP BY 1, 2
ORDER BY 1, 2;
