-- Counts with an aggregate FILTER and the date() function instead of a WHERE with ranges.
SELECT count(*) FILTER (
         WHERE date(lpep_pickup_datetime) = DATE '2019-09-18'
           AND date(lpep_dropoff_datetime) = DATE '2019-09-18'
       ) AS trips
FROM green_tripdata;
