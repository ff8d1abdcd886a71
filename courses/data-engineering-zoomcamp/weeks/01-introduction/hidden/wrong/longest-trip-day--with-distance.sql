-- expect: columns
SELECT lpep_pickup_datetime::date AS pickup_day, max(trip_distance) AS longest
FROM green_tripdata
GROUP BY pickup_day
ORDER BY longest DESC NULLS LAST, pickup_day ASC
LIMIT 1;
