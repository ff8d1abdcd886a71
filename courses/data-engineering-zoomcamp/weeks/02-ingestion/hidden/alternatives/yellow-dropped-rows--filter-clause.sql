-- An aggregate FILTER over the October trips.
SELECT count(*) FILTER (WHERE passenger_count = 0 OR trip_distance = 0) AS dropped_rows
FROM yellow_tripdata
WHERE date_trunc('month', tpep_pickup_datetime) = DATE '2019-10-01';
