-- expect: values
-- Used the drop-off times as the trips' time.
WITH trips_unioned AS (
  SELECT 'Green' AS service_type, lpep_dropoff_datetime AS trip_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_dropoff_datetime AS trip_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
)
SELECT service_type, date_trunc('month', trip_datetime)::date AS trip_month, count(*) AS trips
FROM trips_unioned
WHERE trip_datetime >= '2019-09-01' AND trip_datetime < '2019-12-01'
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month;
