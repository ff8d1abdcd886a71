-- expect: values
-- `= NULL` is never true: this always counts 0.
SELECT count(*) AS trips
FROM fhv_tripdata
WHERE "PUlocationID" = NULL
  AND "DOlocationID" = NULL;
