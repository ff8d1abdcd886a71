-- expect: values
-- ORDER BY … DESC puts NULL durations (no drop-off time) first in PostgreSQL.
SELECT pickup_datetime::date AS pickup_day,
       round(extract(epoch FROM "dropOff_datetime" - pickup_datetime) / 3600, 2) AS duration_hours
FROM fhv_tripdata
ORDER BY "dropOff_datetime" - pickup_datetime DESC, pickup_datetime
LIMIT 1;
