-- The aggregation in a CTE, the top five with FETCH FIRST.
WITH revenue_zone_hour AS (
  SELECT date_trunc('hour', lpep_pickup_datetime) AS pickup_hour,
         "PULocationID" AS zone_id,
         SUM(total_amount) AS revenue,
         COUNT(total_amount) AS trips
  FROM green_tripdata
  WHERE lpep_pickup_datetime >= TIMESTAMP '2019-10-01'
    AND lpep_pickup_datetime < TIMESTAMP '2019-11-01'
  GROUP BY 1, 2
  HAVING COUNT(total_amount) > 0
)
SELECT pickup_hour, zone_id, revenue, trips
FROM revenue_zone_hour
ORDER BY revenue DESC, pickup_hour, zone_id
FETCH FIRST 5 ROWS ONLY;
