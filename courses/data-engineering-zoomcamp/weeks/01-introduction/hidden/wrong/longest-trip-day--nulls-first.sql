-- expect: values
-- ORDER BY … DESC puts a trip without a distance (NULL) first in PostgreSQL.
SELECT lpep_pickup_datetime::date AS pickup_day
FROM green_tripdata
ORDER BY trip_distance DESC
LIMIT 1;
