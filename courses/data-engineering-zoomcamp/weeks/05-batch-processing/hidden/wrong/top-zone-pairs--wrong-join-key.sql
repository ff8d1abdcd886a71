-- expect: values
SELECT coalesce(pu."Zone", 'Unknown') || ' / ' || coalesce(dz."Zone", 'Unknown') AS zone_pair,
       count(*) AS trips
FROM yellow_tripdata AS t
LEFT JOIN taxi_zone_lookup AS pu ON pu."LocationID" = t."PULocationID"
LEFT JOIN taxi_zone_lookup AS dz ON dz."LocationID" = t."PULocationID"
GROUP BY zone_pair
ORDER BY trips DESC, zone_pair
LIMIT 10;
