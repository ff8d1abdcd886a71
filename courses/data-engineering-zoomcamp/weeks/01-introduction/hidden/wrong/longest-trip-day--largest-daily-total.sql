-- expect: values
-- The day with the largest total distance, not the day of the longest single trip.
SELECT lpep_pickup_datetime::date AS pickup_day
FROM green_tripdata
GROUP BY pickup_day
ORDER BY sum(trip_distance) DESC, pickup_day ASC
LIMIT 1;
