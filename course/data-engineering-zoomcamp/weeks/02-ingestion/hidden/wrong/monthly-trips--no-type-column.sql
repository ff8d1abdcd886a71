-- expect: columns
SELECT date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
FROM yellow_tripdata
GROUP BY 1
UNION ALL
SELECT date_trunc('month', lpep_pickup_datetime)::date, count(*)
FROM green_tripdata
GROUP BY 1
UNION ALL
SELECT date_trunc('month', pickup_datetime)::date, count(*)
FROM fhv_tripdata
GROUP BY 1;
