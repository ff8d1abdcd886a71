# expect: example-rows
import pandas as pd


def transform(rows):
    frame = pd.DataFrame(rows)
    frame = frame[(frame['passenger_count'] != 0) & (frame['trip_distance'] != 0)]
    frame = frame.rename(columns={'VendorID': 'vendor_id', 'PULocationID': 'pu_location_id'})
    frame['lpep_pickup_date'] = frame['lpep_pickup_datetime'].str[:10]
    return frame  # a DataFrame, not a list of dicts
