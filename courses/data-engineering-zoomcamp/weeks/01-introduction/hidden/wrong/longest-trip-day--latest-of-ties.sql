-- expect: values
-- Breaks a tie on the distance with the latest day instead of the earliest.
SELECT max(lpep_pickup_datetime::date) AS pickup_day
FROM green_tripdata
WHERE trip_distance = (SELECT max(trip_distance) FROM green_tripdata);
