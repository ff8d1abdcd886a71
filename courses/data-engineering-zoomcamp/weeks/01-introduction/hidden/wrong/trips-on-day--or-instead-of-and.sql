-- expect: values
-- OR instead of AND: also counts the trips that only started, or only ended, on the 18th.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime::date = '2019-09-18'
   OR lpep_dropoff_datetime::date = '2019-09-18';
