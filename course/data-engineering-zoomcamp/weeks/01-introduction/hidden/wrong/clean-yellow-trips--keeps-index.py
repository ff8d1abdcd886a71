# expect: sample-file
import sys

import pandas as pd

COLUMNS = ['VendorID', 'tpep_pickup_datetime', 'tpep_dropoff_datetime', 'passenger_count',
           'trip_distance', 'PULocationID', 'DOLocationID', 'total_amount']

trips = pd.read_csv(sys.argv[1])
kept = trips[(trips['passenger_count'] > 0) & (trips['trip_distance'] > 0)]
kept.sort_values('tpep_pickup_datetime')[COLUMNS].to_csv(sys.argv[2])
