-- expect: values
-- "Finished within 24 hours" is not "finished the same day": a trip from 23:50 to 00:10 counts.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime::date = '2019-09-18'
  AND lpep_dropoff_datetime - lpep_pickup_datetime < interval '1 day';
