-- expect: values
-- The month as a number (9, 10, 11), not as the first day of the month.
SELECT taxi_type, month, trips
FROM (
  SELECT 'yellow' AS taxi_type, extract(month FROM tpep_pickup_datetime) AS month, count(*) AS trips
  FROM yellow_tripdata
  WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
  GROUP BY 2
  UNION ALL
  SELECT 'green', extract(month FROM lpep_pickup_datetime), count(*)
  FROM green_tripdata
  WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
  GROUP BY 2
  UNION ALL
  SELECT 'fhv', extract(month FROM pickup_datetime), count(*)
  FROM fhv_tripdata
  WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
  GROUP BY 2
) AS t
ORDER BY taxi_type, month;
