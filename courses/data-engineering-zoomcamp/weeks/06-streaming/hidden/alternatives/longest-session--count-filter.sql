-- The session number is a running count of the trips that start one (default RANGE frame: trips
-- picked up at the same instant share it).
WITH events AS (
  SELECT "PULocationID" AS zone_id,
         lpep_pickup_datetime AS pickup_at,
         lpep_pickup_datetime - lag(lpep_pickup_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_pickup_datetime) AS gap
  FROM green_tripdata
),
sessions AS (
  SELECT zone_id, pickup_at,
         count(*) FILTER (WHERE gap IS NULL OR gap > INTERVAL '30 minutes')
           OVER (PARTITION BY zone_id ORDER BY pickup_at) AS session_id
  FROM events
)
SELECT zone_id, min(pickup_at) AS session_start, max(pickup_at) AS session_end, count(*) AS trips
FROM sessions
GROUP BY zone_id, session_id
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
