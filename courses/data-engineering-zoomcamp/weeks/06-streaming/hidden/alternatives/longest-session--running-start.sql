-- Each trip's session is named by its start: the latest pick-up so far that began a session
-- (a running max over the session starts, the other trips contributing NULL).
with trips as (
  select "PULocationID" as zone_id,
         lpep_pickup_datetime as pickup_at,
         lag(lpep_pickup_datetime) over (partition by "PULocationID" order by lpep_pickup_datetime) as previous_at
  from green_tripdata
),
labelled as (
  select zone_id, pickup_at,
         max(case when previous_at is null or pickup_at - previous_at > interval '30 minutes' then pickup_at end)
           over (partition by zone_id order by pickup_at) as session_start
  from trips
)
select zone_id, session_start, max(pickup_at) as session_end, count(*) as trips
from labelled
group by zone_id, session_start
order by trips desc, zone_id, session_start
limit 5;
