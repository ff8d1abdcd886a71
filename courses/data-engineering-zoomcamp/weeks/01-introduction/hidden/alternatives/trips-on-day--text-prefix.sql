-- Compares the timestamps' text form: both start with the day.
SELECT COUNT(1) AS trips
FROM green_tripdata
WHERE CAST(lpep_pickup_datetime AS TEXT) LIKE '2019-09-18%'
  AND CAST(lpep_dropoff_datetime AS TEXT) LIKE '2019-09-18%';
