-- expect: counterexample
-- Breaks a tie on the duration with the latest pick-up instead of the earliest.
SELECT pickup_datetime::date AS pickup_day,
       round(extract(epoch FROM "dropOff_datetime" - pickup_datetime) / 3600, 2) AS duration_hours
FROM fhv_tripdata
WHERE "dropOff_datetime" IS NOT NULL
ORDER BY "dropOff_datetime" - pickup_datetime DESC, pickup_datetime DESC
LIMIT 1;
