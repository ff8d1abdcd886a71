-- expect: values
-- count(column) skips NULLs, so counting the NULL column itself gives 0.
SELECT count("PUlocationID") AS trips
FROM fhv_tripdata
WHERE "PUlocationID" IS NULL
  AND "DOlocationID" IS NULL;
