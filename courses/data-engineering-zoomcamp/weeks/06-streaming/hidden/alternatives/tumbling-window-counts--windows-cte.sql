-- Assigns each event to its window in a CTE (date_bin with another midnight as origin), then counts.
with events as (
  select date_bin(interval '5 minutes', lpep_pickup_datetime, timestamp '2000-01-01') as window_start
  from green_tripdata
  where lpep_pickup_datetime::date = date '2019-10-15'
)
select window_start, window_start + interval '5 minutes' as window_end, count(*) as trips
from events
group by window_start
order by window_start;
