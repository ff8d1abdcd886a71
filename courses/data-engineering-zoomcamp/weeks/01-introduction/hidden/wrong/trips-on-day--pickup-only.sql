-- expect: values
-- Counts trips that started on the day, including those that finished after midnight.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime::date = '2019-09-18';
