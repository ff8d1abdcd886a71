-- expect: columns
SELECT 'Green' AS service_type, date_trunc('month', lpep_pickup_datetime)::date AS revenue_month, sum(total_amount) AS revenue
FROM green_tripdata GROUP BY 2
UNION ALL
SELECT 'Yellow', date_trunc('month', tpep_pickup_datetime)::date, sum(total_amount)
FROM yellow_tripdata GROUP BY 2
ORDER BY 1, 2;
