-- expect: columns
SELECT pu."Zone" AS pickup_zone, dz."Zone" AS dropoff_zone, count(*) AS trips
FROM yellow_tripdata AS t
JOIN taxi_zone_lookup AS pu ON pu."LocationID" = t."PULocationID"
JOIN taxi_zone_lookup AS dz ON dz."LocationID" = t."DOLocationID"
GROUP BY 1, 2
ORDER BY trips DESC, 1, 2
LIMIT 10;
