-- expect: values
-- Drops a row only when both values are 0 (AND instead of OR in the rule).
SELECT "VendorID" AS vendor_id, count(*) AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'
  AND NOT (coalesce(passenger_count, -1) = 0 AND coalesce(trip_distance, -1) = 0)
GROUP BY "VendorID"
ORDER BY vendor_id NULLS LAST;
