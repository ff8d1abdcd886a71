# expect: sample-day
import pandas as pd


def revenue_per_zone_hour(path):
    trips = pd.read_csv(path, parse_dates=['tpep_pickup_datetime'])
    trips['hour'] = trips['tpep_pickup_datetime'].dt.floor('h').dt.strftime('%Y-%m-%d %H:%M')
    revenue = trips.groupby(['hour', 'PULocationID'], as_index=False)['total_amount'].sum().round(2)
    # A DataFrame is not the list of dicts the prompt asks for.
    return revenue.rename(columns={'PULocationID': 'zone', 'total_amount': 'revenue'})
