-- Ranks the trips by distance with a window function and keeps the earliest day among the first.
SELECT pickup_day
FROM (
  SELECT CAST(lpep_pickup_datetime AS date) AS pickup_day,
         rank() OVER (ORDER BY trip_distance DESC) AS distance_rank
  FROM green_tripdata
  WHERE trip_distance IS NOT NULL
) AS ranked
WHERE distance_rank = 1
ORDER BY pickup_day
LIMIT 1;
