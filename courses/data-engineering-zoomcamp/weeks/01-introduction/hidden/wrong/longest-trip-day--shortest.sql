-- expect: values
-- Sorted the wrong way round: the day of the shortest trip.
SELECT lpep_pickup_datetime::date AS pickup_day
FROM green_tripdata
WHERE trip_distance > 0
ORDER BY trip_distance ASC, pickup_day ASC
LIMIT 1;
