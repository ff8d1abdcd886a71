-- expect: values
-- count(DISTINCT pickup_datetime) counts pick-up instants, not trips: two trips in the same second count once.
WITH trips_unioned AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
)
SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month, count(DISTINCT pickup_datetime) AS trips
FROM trips_unioned
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month;
