-- expect: rows
SELECT pickup_datetime::date AS pickup_day,
       round(max(extract(epoch FROM "dropOff_datetime" - pickup_datetime)) / 3600, 2) AS duration_hours
FROM fhv_tripdata
WHERE "dropOff_datetime" IS NOT NULL
GROUP BY pickup_day
ORDER BY duration_hours DESC, pickup_day;
