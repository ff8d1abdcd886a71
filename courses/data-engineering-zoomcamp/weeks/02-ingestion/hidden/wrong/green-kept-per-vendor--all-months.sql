-- expect: values
-- Applied the transform to the whole table instead of October.
SELECT "VendorID" AS vendor_id, count(*) AS kept_rows
FROM green_tripdata
WHERE passenger_count IS DISTINCT FROM 0
  AND trip_distance IS DISTINCT FROM 0
GROUP BY "VendorID"
ORDER BY vendor_id ASC NULLS LAST;
