-- expect: rows
-- Lists the locations instead of counting them.
SELECT DISTINCT "PULocationID" AS distinct_pickup_locations
FROM green_tripdata
ORDER BY 1;
