select z."Borough", sum(g.total_amount) as total
from green_tripdata g, taxi_zone_lookup z
where g."PULocationID" = z."LocationID"
  and date(g.lpep_pickup_datetime) = '2019-10-18'
  and z."Borough" != 'Unknown'
group by z."Borough"
order by total desc, z."Borough"
limit 3;
