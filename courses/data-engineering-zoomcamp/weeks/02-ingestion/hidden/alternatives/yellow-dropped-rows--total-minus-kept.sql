-- Every October trip minus the ones the transform keeps (NULLs kept unless the other value is 0).
with october as (
  select passenger_count, trip_distance
  from yellow_tripdata
  where tpep_pickup_datetime >= '2019-10-01' and tpep_pickup_datetime < '2019-11-01'
)
select (select count(*) from october)
     - (select count(*) from october
        where coalesce(passenger_count, -1) <> 0 and coalesce(trip_distance, -1) <> 0) as dropped_rows;
