-- expect: values
-- Counted every October row, without dropping the zero-passenger and zero-distance trips.
SELECT "VendorID" AS vendor_id, count(*) AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'
GROUP BY "VendorID"
ORDER BY vendor_id ASC NULLS LAST;
