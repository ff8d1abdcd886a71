-- expect: counterexample
-- BETWEEN includes midnight of the 19th: a trip ending exactly then counts.
SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime BETWEEN '2019-09-18' AND '2019-09-19'
  AND lpep_dropoff_datetime BETWEEN '2019-09-18' AND '2019-09-19';
