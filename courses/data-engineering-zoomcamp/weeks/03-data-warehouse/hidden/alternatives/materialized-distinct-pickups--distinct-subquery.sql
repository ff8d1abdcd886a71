-- Counts the rows of a SELECT DISTINCT (without the NULL location, which COUNT(DISTINCT) skips too).
SELECT COUNT(*) AS distinct_pickup_locations
FROM (
  SELECT DISTINCT PULocationID
  FROM hw3.yellow_tripdata
  WHERE PULocationID IS NOT NULL
);
