-- expect: values
-- The running sum is not partitioned by zone: another zone's new session splits this zone's session.
WITH ordered AS (
  SELECT "PULocationID" AS zone_id, lpep_pickup_datetime AS pickup_datetime,
         lag(lpep_pickup_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_pickup_datetime) AS previous_pickup
  FROM green_tripdata
),
numbered AS (
  SELECT zone_id, pickup_datetime,
         sum(CASE WHEN previous_pickup IS NULL OR pickup_datetime - previous_pickup > INTERVAL '30 minutes' THEN 1 ELSE 0 END)
           OVER (ORDER BY pickup_datetime) AS session_no
  FROM ordered
)
SELECT zone_id, min(pickup_datetime) AS session_start, max(pickup_datetime) AS session_end, count(*) AS trips
FROM numbered
GROUP BY zone_id, session_no
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
