-- expect: values
-- SELECT DISTINCT keeps the NULL location as a row, which COUNT(DISTINCT …) would not count.
SELECT COUNT(*) FROM (SELECT DISTINCT PULocationID FROM hw3.yellow_tripdata);
