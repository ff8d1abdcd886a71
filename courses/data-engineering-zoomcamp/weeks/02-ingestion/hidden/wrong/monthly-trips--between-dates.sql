-- expect: values
-- BETWEEN ... '2019-11-30' stops at midnight on 30 November: almost all of that day is lost.
SELECT taxi_type, month, trips
FROM (
  SELECT 'yellow' AS taxi_type, date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
  FROM yellow_tripdata
  WHERE tpep_pickup_datetime BETWEEN '2019-09-01' AND '2019-11-30'
  GROUP BY 2
  UNION ALL
  SELECT 'green', date_trunc('month', lpep_pickup_datetime)::date, count(*)
  FROM green_tripdata
  WHERE lpep_pickup_datetime BETWEEN '2019-09-01' AND '2019-11-30'
  GROUP BY 2
  UNION ALL
  SELECT 'fhv', date_trunc('month', pickup_datetime)::date, count(*)
  FROM fhv_tripdata
  WHERE pickup_datetime BETWEEN '2019-09-01' AND '2019-11-30'
  GROUP BY 2
) AS t
ORDER BY taxi_type, month;
