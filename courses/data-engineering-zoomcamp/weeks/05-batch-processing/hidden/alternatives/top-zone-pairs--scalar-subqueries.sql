-- Looks the zone names up with scalar subqueries instead of joins; CASE for the missing ones.
select zone_pair, count(*) as trips
from (
  select case when pu_zone is null then 'Unknown' else pu_zone end
         || ' / ' ||
         case when do_zone is null then 'Unknown' else do_zone end as zone_pair
  from (
    select (select z."Zone" from taxi_zone_lookup z where z."LocationID" = t."PULocationID") as pu_zone,
           (select z."Zone" from taxi_zone_lookup z where z."LocationID" = t."DOLocationID") as do_zone
    from yellow_tripdata t
  ) as named
) as paired
group by zone_pair
order by 2 desc, 1
limit 10;
