SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime::date = '2019-09-18'
  AND lpep_dropoff_datetime::date = '2019-09-18';
