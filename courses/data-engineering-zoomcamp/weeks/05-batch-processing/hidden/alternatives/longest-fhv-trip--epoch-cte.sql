-- Durations in seconds in a CTE, then the longest with the earliest pick-up first.
WITH durations AS (
  SELECT pickup_datetime,
         EXTRACT(EPOCH FROM "dropOff_datetime" - pickup_datetime) AS seconds
  FROM fhv_tripdata
  WHERE "dropOff_datetime" IS NOT NULL
)
SELECT CAST(pickup_datetime AS DATE) AS pickup_day,
       ROUND(seconds / 3600, 2) AS duration_hours
FROM durations
ORDER BY seconds DESC, pickup_datetime ASC
LIMIT 1;
