-- expect: values
-- extract(hour FROM interval) is only the hours field: it drops days and minutes.
SELECT pickup_datetime::date AS pickup_day,
       extract(hour FROM "dropOff_datetime" - pickup_datetime) AS duration_hours
FROM fhv_tripdata
WHERE "dropOff_datetime" IS NOT NULL
ORDER BY duration_hours DESC, pickup_datetime
LIMIT 1;
