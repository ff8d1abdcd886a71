-- expect: values
-- Whole seconds divided by 3600 as integers: the fraction of the hour is lost.
SELECT pickup_datetime::date AS pickup_day,
       extract(epoch FROM "dropOff_datetime" - pickup_datetime)::int / 3600 AS duration_hours
FROM fhv_tripdata
WHERE "dropOff_datetime" IS NOT NULL
ORDER BY "dropOff_datetime" - pickup_datetime DESC, pickup_datetime
LIMIT 1;
