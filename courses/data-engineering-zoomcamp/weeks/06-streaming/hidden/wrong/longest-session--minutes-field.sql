-- expect: values
-- extract(minute FROM gap) is only the minutes field: a gap of 1 h 10 min reads as 10 minutes.
WITH ordered AS (
  SELECT "PULocationID" AS zone_id, lpep_pickup_datetime AS pickup_datetime,
         lag(lpep_pickup_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_pickup_datetime) AS previous_pickup
  FROM green_tripdata
),
numbered AS (
  SELECT zone_id, pickup_datetime,
         sum(CASE WHEN previous_pickup IS NULL OR extract(minute FROM pickup_datetime - previous_pickup) > 30 THEN 1 ELSE 0 END)
           OVER (PARTITION BY zone_id ORDER BY pickup_datetime) AS session_no
  FROM ordered
)
SELECT zone_id, min(pickup_datetime) AS session_start, max(pickup_datetime) AS session_end, count(*) AS trips
FROM numbered
GROUP BY zone_id, session_no
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
