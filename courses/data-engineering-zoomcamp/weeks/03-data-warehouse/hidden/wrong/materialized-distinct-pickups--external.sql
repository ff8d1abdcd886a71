-- expect: estimate
-- The right count, but on the external table: the estimate is 0 B.
SELECT COUNT(DISTINCT PULocationID) FROM hw3.external_yellow_tripdata;
