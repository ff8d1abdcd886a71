SELECT count(*) AS trips
FROM fhv_tripdata
WHERE "PUlocationID" IS NULL
  AND "DOlocationID" IS NULL;
