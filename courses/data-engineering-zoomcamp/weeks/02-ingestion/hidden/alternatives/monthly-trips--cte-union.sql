-- Unions every pick-up with its taxi type first, then filters and groups once.
WITH pickups AS (
  SELECT 'yellow' AS taxi_type, tpep_pickup_datetime AS pickup_at FROM yellow_tripdata
  UNION ALL
  SELECT 'green', lpep_pickup_datetime FROM green_tripdata
  UNION ALL
  SELECT 'fhv', pickup_datetime FROM fhv_tripdata
)
SELECT taxi_type,
       CAST(date_trunc('month', pickup_at) AS date) AS month,
       COUNT(*) AS trips
FROM pickups
WHERE pickup_at >= TIMESTAMP '2019-09-01 00:00:00'
  AND pickup_at < TIMESTAMP '2019-12-01 00:00:00'
GROUP BY taxi_type, month
ORDER BY taxi_type, month;
