-- expect: values
-- lead() compares each month with the next one, not the previous one.
WITH trips AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime, total_amount FROM green_tripdata
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime, total_amount FROM yellow_tripdata
),
monthly AS (
  SELECT service_type, date_trunc('month', pickup_datetime)::date AS revenue_month, sum(total_amount) AS revenue
  FROM trips
  WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
  GROUP BY service_type, revenue_month
)
SELECT service_type, revenue_month, revenue,
       round(100 * (revenue - lead(revenue) OVER w) / lead(revenue) OVER w, 2) AS growth_pct
FROM monthly
WINDOW w AS (PARTITION BY service_type ORDER BY revenue_month)
ORDER BY service_type, revenue_month;
