select sum(case when fare_amount = 0.0 then 1 else 0 end) as zero_fares
from `nyc_taxi.yellow_tripdata`;
