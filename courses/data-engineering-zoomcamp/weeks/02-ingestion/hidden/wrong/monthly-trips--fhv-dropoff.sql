-- expect: values
-- Took the for-hire vehicles' drop-off time instead of their pick-up time.
SELECT taxi_type, month, trips
FROM (
  SELECT 'yellow' AS taxi_type, date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
  FROM yellow_tripdata
  WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
  GROUP BY 2
  UNION ALL
  SELECT 'green', date_trunc('month', lpep_pickup_datetime)::date, count(*)
  FROM green_tripdata
  WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
  GROUP BY 2
  UNION ALL
  SELECT 'fhv', date_trunc('month', "dropOff_datetime")::date, count(*)
  FROM fhv_tripdata
  WHERE "dropOff_datetime" >= '2019-09-01' AND "dropOff_datetime" < '2019-12-01'
  GROUP BY 2
) AS t
ORDER BY taxi_type, month;
