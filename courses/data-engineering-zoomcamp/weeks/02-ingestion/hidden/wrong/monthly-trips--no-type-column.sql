-- expect: columns
SELECT date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
FROM yellow_tripdata
WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
GROUP BY 1
UNION ALL
SELECT date_trunc('month', lpep_pickup_datetime)::date, count(*)
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
GROUP BY 1
UNION ALL
SELECT date_trunc('month', pickup_datetime)::date, count(*)
FROM fhv_tripdata
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY 1
ORDER BY 1, 2;
