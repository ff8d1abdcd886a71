-- expect: values
-- Fixed 30-minute windows are not session windows: a burst that crosses a boundary is cut in two.
SELECT "PULocationID" AS zone_id,
       min(lpep_pickup_datetime) AS session_start,
       max(lpep_pickup_datetime) AS session_end,
       count(*) AS trips
FROM green_tripdata
GROUP BY "PULocationID", date_bin('30 minutes', lpep_pickup_datetime, TIMESTAMP '2019-09-01')
ORDER BY trips DESC, zone_id, session_start
LIMIT 5;
