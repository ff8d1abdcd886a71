-- expect: values
-- Forgot the condition on fare_amount: counts every trip of the month.
SELECT date_trunc('month', lpep_pickup_datetime)::date AS month,
       count(*) AS zero_fare_trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-01'
  AND lpep_pickup_datetime < '2019-12-01'
GROUP BY month
ORDER BY month;
