-- lag() in a subquery, the growth computed from its column.
SELECT service_type, revenue_month, revenue,
       round(100 * (revenue - previous_revenue) / previous_revenue, 2) AS growth_pct
FROM (
  SELECT service_type, revenue_month, revenue,
         lag(revenue) OVER (PARTITION BY service_type ORDER BY revenue_month) AS previous_revenue
  FROM (
    SELECT 'Green' AS service_type, date_trunc('month', lpep_pickup_datetime)::date AS revenue_month, sum(total_amount) AS revenue
    FROM green_tripdata
    WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
    GROUP BY 2
    UNION ALL
    SELECT 'Yellow', date_trunc('month', tpep_pickup_datetime)::date, sum(total_amount)
    FROM yellow_tripdata
    WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
    GROUP BY 2
  ) AS monthly
) AS with_previous
ORDER BY service_type, revenue_month;
