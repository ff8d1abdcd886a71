-- concat() in a CTE, grouped by the pair's text.
WITH pairs AS (
  SELECT concat(coalesce(pu."Zone", 'Unknown'), ' / ', coalesce(dz."Zone", 'Unknown')) AS zone_pair
  FROM yellow_tripdata AS t
  LEFT OUTER JOIN taxi_zone_lookup AS pu ON t."PULocationID" = pu."LocationID"
  LEFT OUTER JOIN taxi_zone_lookup AS dz ON t."DOLocationID" = dz."LocationID"
)
SELECT zone_pair, count(*) AS trips
FROM pairs
GROUP BY zone_pair
ORDER BY trips DESC, zone_pair
LIMIT 10;
