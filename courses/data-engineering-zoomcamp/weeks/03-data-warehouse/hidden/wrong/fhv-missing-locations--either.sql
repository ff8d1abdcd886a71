-- expect: values
-- OR counts trips missing either location, not both.
SELECT count(*) AS trips
FROM fhv_tripdata
WHERE "PUlocationID" IS NULL
   OR "DOlocationID" IS NULL;
