-- expect: columns
WITH trips_unioned AS (
  SELECT lpep_pickup_datetime AS pickup_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL
  UNION ALL
  SELECT tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
)
SELECT date_trunc('month', pickup_datetime)::date AS trip_month, count(*) AS trips
FROM trips_unioned
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY trip_month
ORDER BY trip_month;
