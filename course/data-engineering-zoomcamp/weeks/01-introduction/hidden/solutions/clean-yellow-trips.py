import sys

import pandas as pd

COLUMNS = ['VendorID', 'tpep_pickup_datetime', 'tpep_dropoff_datetime', 'passenger_count',
           'trip_distance', 'PULocationID', 'DOLocationID', 'total_amount']


def main(source, target):
    trips = pd.read_csv(source)
    kept = trips[(trips['passenger_count'] > 0) & (trips['trip_distance'] > 0)]
    kept = kept.sort_values('tpep_pickup_datetime', kind='stable')
    kept[COLUMNS].to_csv(target, index=False)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
