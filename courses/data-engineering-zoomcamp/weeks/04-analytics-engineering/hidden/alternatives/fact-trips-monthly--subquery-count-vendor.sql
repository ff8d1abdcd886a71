-- Keeps the vendor in the union and counts it: count("VendorID") skips exactly the rows without one.
select service_type, cast(date_trunc('month', pickup_datetime) as date) as trip_month, count(vendor_id) as trips
from (
  select 'Green' as service_type, "VendorID" as vendor_id, lpep_pickup_datetime as pickup_datetime from green_tripdata
  union all
  select 'Yellow' as service_type, "VendorID" as vendor_id, tpep_pickup_datetime as pickup_datetime from yellow_tripdata
) as trips_unioned
where pickup_datetime::date between date '2019-09-01' and date '2019-11-30'
group by 1, 2
having count(vendor_id) > 0
order by 1, 2;
