-- expect: values
-- Paired the boroughs, not the zones.
SELECT coalesce(pu."Borough", 'Unknown') || ' / ' || coalesce(dz."Borough", 'Unknown') AS zone_pair,
       count(*) AS trips
FROM yellow_tripdata AS t
LEFT JOIN taxi_zone_lookup AS pu ON pu."LocationID" = t."PULocationID"
LEFT JOIN taxi_zone_lookup AS dz ON dz."LocationID" = t."DOLocationID"
GROUP BY zone_pair
ORDER BY trips DESC, zone_pair
LIMIT 10;
