-- The valid trips first (a CTE per step, as dbt staging models would), then the percentile.
with trips as (
  select 'Green' as service_type, lpep_pickup_datetime as pickup_datetime, fare_amount, trip_distance, payment_type
  from green_tripdata
  union all
  select 'Yellow', tpep_pickup_datetime, fare_amount, trip_distance, payment_type
  from yellow_tripdata
),
valid_trips as (
  select service_type, cast(date_trunc('month', pickup_datetime) as date) as trip_month, fare_amount
  from trips
  where pickup_datetime::date between '2019-09-01' and '2019-11-30'
    and fare_amount > 0
    and trip_distance > 0
    and payment_type between 1 and 2
)
select service_type, trip_month, percentile_cont(0.90) within group (order by fare_amount) as p90_fare
from valid_trips
group by service_type, trip_month
order by service_type, trip_month;
