-- expect: values
-- BETWEEN '2019-10-01' AND '2019-10-31' stops at midnight of the 31st.
SELECT count(*) AS dropped_rows
FROM yellow_tripdata
WHERE tpep_pickup_datetime BETWEEN '2019-10-01' AND '2019-10-31'
  AND (passenger_count = 0 OR trip_distance = 0);
