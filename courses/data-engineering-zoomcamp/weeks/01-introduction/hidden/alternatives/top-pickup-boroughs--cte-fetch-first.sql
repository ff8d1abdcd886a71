-- Sums per borough in a CTE, then the top three with FETCH FIRST.
WITH day_trips AS (
  SELECT t."PULocationID", t.total_amount
  FROM green_tripdata AS t
  WHERE t.lpep_pickup_datetime::date = DATE '2019-10-18'
),
per_borough AS (
  SELECT z."Borough" AS borough, SUM(d.total_amount) AS total_amount
  FROM day_trips AS d
  INNER JOIN taxi_zone_lookup AS z ON d."PULocationID" = z."LocationID"
  WHERE z."Borough" NOT IN ('Unknown')
  GROUP BY z."Borough"
)
SELECT borough, total_amount
FROM per_borough
ORDER BY total_amount DESC, borough
FETCH FIRST 3 ROWS ONLY;
