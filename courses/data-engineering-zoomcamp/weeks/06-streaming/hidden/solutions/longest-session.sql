WITH ordered AS (
  SELECT "PULocationID" AS zone_id,
         lpep_pickup_datetime AS pickup_datetime,
         lag(lpep_pickup_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_pickup_datetime) AS previous_pickup
  FROM green_tripdata
),
flagged AS (
  SELECT zone_id, pickup_datetime,
         CASE WHEN previous_pickup IS NULL
                OR pickup_datetime - previous_pickup > INTERVAL '30 minutes'
              THEN 1 ELSE 0 END AS new_session
  FROM ordered
),
numbered AS (
  SELECT zone_id, pickup_datetime,
         sum(new_session) OVER (PARTITION BY zone_id ORDER BY pickup_datetime, new_session DESC
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_no
  FROM flagged
)
SELECT zone_id,
       min(pickup_datetime) AS session_start,
       max(pickup_datetime) AS session_end,
       count(*) AS trips
FROM numbered
GROUP BY zone_id, session_no
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
