-- Spells the NULL rule out with IS NULL instead of IS DISTINCT FROM.
SELECT "VendorID" AS vendor_id, COUNT(*) AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01' AND lpep_pickup_datetime < '2019-11-01'
  AND (passenger_count <> 0 OR passenger_count IS NULL)
  AND (trip_distance <> 0 OR trip_distance IS NULL)
GROUP BY "VendorID"
ORDER BY "VendorID";
