-- Same layout, every column named.
create or replace table hw3.yellow_tripdata_optimized
partition by date(tpep_dropoff_datetime)
cluster by VendorID
as
select VendorID, tpep_pickup_datetime, tpep_dropoff_datetime, passenger_count, trip_distance, RatecodeID,
       store_and_fwd_flag, PULocationID, DOLocationID, payment_type, fare_amount, extra, mta_tax, tip_amount,
       tolls_amount, improvement_surcharge, total_amount, congestion_surcharge
from hw3.external_yellow_tripdata;
