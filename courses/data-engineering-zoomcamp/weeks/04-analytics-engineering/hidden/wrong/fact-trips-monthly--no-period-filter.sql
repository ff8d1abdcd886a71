-- expect: rows
-- Without the period filter, the stray rows dated outside Sep–Nov 2019 form extra months.
WITH trips_unioned AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
)
SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month, count(*) AS trips
FROM trips_unioned
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month;
