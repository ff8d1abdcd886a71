-- expect: values
-- Converted the local New York times to UTC first: the day boundary moves by four hours.
SELECT count(*) AS trips
FROM green_tripdata
WHERE (lpep_pickup_datetime AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC')::date = '2019-09-18'
  AND (lpep_dropoff_datetime AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC')::date = '2019-09-18';
