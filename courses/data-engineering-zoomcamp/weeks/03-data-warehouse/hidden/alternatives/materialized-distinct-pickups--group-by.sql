-- One group per location, then counted.
select count(*) from (
  select PULocationID from `hw3.yellow_tripdata` where PULocationID is not null group by PULocationID
) as locations;
