-- expect: rows
-- Kept the trips with wrong dates: extra months appear (2008, August 2019...).
SELECT taxi_type, month, trips
FROM (
  SELECT 'yellow' AS taxi_type, date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
  FROM yellow_tripdata
  GROUP BY 2
  UNION ALL
  SELECT 'green', date_trunc('month', lpep_pickup_datetime)::date, count(*)
  FROM green_tripdata
  GROUP BY 2
  UNION ALL
  SELECT 'fhv', date_trunc('month', pickup_datetime)::date, count(*)
  FROM fhv_tripdata
  GROUP BY 2
) AS t
ORDER BY taxi_type, month;
