-- expect: values
-- The day the trip ended, not the day it started.
SELECT "dropOff_datetime"::date AS pickup_day,
       round(extract(epoch FROM "dropOff_datetime" - pickup_datetime) / 3600, 2) AS duration_hours
FROM fhv_tripdata
WHERE "dropOff_datetime" IS NOT NULL
ORDER BY "dropOff_datetime" - pickup_datetime DESC, pickup_datetime
LIMIT 1;
