-- expect: values
-- count("VendorID") skips NULLs: the NULL vendor's group counts 0.
SELECT "VendorID" AS vendor_id, count("VendorID") AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'
  AND passenger_count IS DISTINCT FROM 0
  AND trip_distance IS DISTINCT FROM 0
GROUP BY "VendorID"
ORDER BY vendor_id NULLS LAST;
