-- expect: counterexample
-- Inner joins drop the trips whose location is in no zone, instead of writing 'Unknown'.
SELECT coalesce(pu."Zone", 'Unknown') || ' / ' || coalesce(dz."Zone", 'Unknown') AS zone_pair,
       count(*) AS trips
FROM yellow_tripdata AS t
JOIN taxi_zone_lookup AS pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup AS dz ON dz."LocationID" = t."DOLocationID"
GROUP BY zone_pair
ORDER BY trips DESC, zone_pair
LIMIT 10;
