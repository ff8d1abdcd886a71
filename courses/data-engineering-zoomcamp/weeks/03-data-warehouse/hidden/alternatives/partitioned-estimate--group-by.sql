select VendorID
from `hw3.yellow_tripdata_partitioned`
where date(tpep_dropoff_datetime) >= '2019-10-01' and date(tpep_dropoff_datetime) <= '2019-10-15'
group by VendorID;
