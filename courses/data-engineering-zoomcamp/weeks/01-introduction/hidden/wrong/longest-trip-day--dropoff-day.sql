-- expect: counterexample
-- The day the longest trip ended, not the day it started.
SELECT lpep_dropoff_datetime::date AS pickup_day
FROM green_tripdata
WHERE trip_distance IS NOT NULL
ORDER BY trip_distance DESC, pickup_day ASC
LIMIT 1;
