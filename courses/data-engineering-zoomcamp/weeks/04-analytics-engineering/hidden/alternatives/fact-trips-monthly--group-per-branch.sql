-- Groups each taxi type on its own, then stacks the two results.
SELECT 'Green' AS service_type, date_trunc('month', lpep_pickup_datetime)::date AS trip_month, count(*) AS trips
FROM green_tripdata
WHERE "VendorID" IS NOT NULL
  AND lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01'
GROUP BY 1, 2
UNION ALL
SELECT 'Yellow', date_trunc('month', tpep_pickup_datetime)::date, count(*)
FROM yellow_tripdata
WHERE "VendorID" IS NOT NULL
  AND tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01'
GROUP BY 1, 2
ORDER BY service_type, trip_month;
