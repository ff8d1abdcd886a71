-- Takes the dropped rows out with NOT coalesce(…, false): a comparison with NULL counts as "not dropped".
select vendor_id, count(*) as kept_rows
from (
  select "VendorID" as vendor_id, passenger_count, trip_distance
  from green_tripdata
  where date_trunc('month', lpep_pickup_datetime) = '2019-10-01'
) october
where not coalesce(passenger_count = 0 or trip_distance = 0, false)
group by vendor_id
order by vendor_id nulls last;
