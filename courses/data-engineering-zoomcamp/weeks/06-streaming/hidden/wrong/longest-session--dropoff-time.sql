-- expect: values
-- Used the drop-off time as the event time.
WITH ordered AS (
  SELECT "PULocationID" AS zone_id, lpep_dropoff_datetime AS event_time,
         lag(lpep_dropoff_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_dropoff_datetime) AS previous_event
  FROM green_tripdata
),
numbered AS (
  SELECT zone_id, event_time,
         sum(CASE WHEN previous_event IS NULL OR event_time - previous_event > INTERVAL '30 minutes' THEN 1 ELSE 0 END)
           OVER (PARTITION BY zone_id ORDER BY event_time) AS session_no
  FROM ordered
)
SELECT zone_id, min(event_time) AS session_start, max(event_time) AS session_end, count(*) AS trips
FROM numbered
GROUP BY zone_id, session_no
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
