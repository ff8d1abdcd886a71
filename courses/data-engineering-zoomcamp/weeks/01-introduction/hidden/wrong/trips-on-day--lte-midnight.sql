-- expect: values
-- `<= '2019-09-18'` compares with midnight, so almost the whole day is missed.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-18'
  AND lpep_dropoff_datetime <= '2019-09-18';
