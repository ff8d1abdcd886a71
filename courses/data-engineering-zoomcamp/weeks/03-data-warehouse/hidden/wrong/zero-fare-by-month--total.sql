-- expect: columns
-- One total instead of one row per month.
SELECT count(*) AS zero_fare_trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-01'
  AND lpep_pickup_datetime < '2019-12-01'
  AND fare_amount = 0;
