-- expect: rows
-- NOT (a = 0 OR b = 0) is NULL, not true, when passenger_count is NULL: those rows are lost (here the whole NULL-vendor group).
SELECT "VendorID" AS vendor_id, count(*) AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'
  AND NOT (passenger_count = 0 OR trip_distance = 0)
GROUP BY "VendorID"
ORDER BY vendor_id ASC NULLS LAST;
