-- expect: counterexample
-- concat() skips NULLs: a missing zone becomes an empty string, not 'Unknown'.
SELECT concat(pu."Zone", ' / ', dz."Zone") AS zone_pair, count(*) AS trips
FROM yellow_tripdata AS t
LEFT JOIN taxi_zone_lookup AS pu ON pu."LocationID" = t."PULocationID"
LEFT JOIN taxi_zone_lookup AS dz ON dz."LocationID" = t."DOLocationID"
GROUP BY zone_pair
ORDER BY trips DESC, zone_pair
LIMIT 10;
