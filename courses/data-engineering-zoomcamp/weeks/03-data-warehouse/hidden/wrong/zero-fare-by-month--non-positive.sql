-- expect: values
-- `<= 0` also counts the negative fares (refunds and corrections).
SELECT date_trunc('month', lpep_pickup_datetime)::date AS month,
       count(*) FILTER (WHERE fare_amount <= 0) AS zero_fare_trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-01'
  AND lpep_pickup_datetime < '2019-12-01'
GROUP BY month
ORDER BY month;
