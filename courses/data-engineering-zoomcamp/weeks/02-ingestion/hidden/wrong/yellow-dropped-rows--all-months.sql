-- expect: values
-- Forgot to restrict to October.
SELECT count(*) AS dropped_rows
FROM yellow_tripdata
WHERE passenger_count = 0 OR trip_distance = 0;
