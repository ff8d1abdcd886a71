SELECT date(lpep_pickup_datetime) AS pickup_day
FROM green_tripdata
WHERE trip_distance = (SELECT max(trip_distance) FROM green_tripdata)
ORDER BY 1
LIMIT 1;
