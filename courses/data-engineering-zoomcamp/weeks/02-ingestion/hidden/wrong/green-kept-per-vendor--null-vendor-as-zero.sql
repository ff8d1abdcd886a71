-- expect: values
-- coalesce("VendorID", 0) shows the NULL vendor as vendor 0 (and sorts it first).
SELECT coalesce("VendorID", 0) AS vendor_id, count(*) AS kept_rows
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'
  AND passenger_count IS DISTINCT FROM 0
  AND trip_distance IS DISTINCT FROM 0
GROUP BY 1
ORDER BY 1;
