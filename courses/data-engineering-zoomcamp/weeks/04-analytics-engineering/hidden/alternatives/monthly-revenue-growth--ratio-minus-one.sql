-- Growth as (ratio − 1) × 100, with the window written inline.
with trips as (
  select 'Green' as service_type, lpep_pickup_datetime as pickup_datetime, total_amount from green_tripdata
  union all
  select 'Yellow', tpep_pickup_datetime, total_amount from yellow_tripdata
),
monthly as (
  select service_type, date_trunc('month', pickup_datetime)::date as revenue_month, sum(total_amount) as revenue
  from trips
  where pickup_datetime >= '2019-09-01' and pickup_datetime < '2019-12-01'
  group by 1, 2
)
select service_type, revenue_month, revenue,
       round((revenue / lag(revenue) over (partition by service_type order by revenue_month) - 1) * 100, 2) as growth_pct
from monthly
order by service_type, revenue_month;
