# expect: hidden-day
import pandas as pd


def revenue_per_zone_hour(path):
    trips = pd.read_csv(path, parse_dates=['tpep_pickup_datetime'])
    trips['hour'] = trips['tpep_pickup_datetime'].dt.floor('h').dt.strftime('%Y-%m-%d %H:%M')
    revenue = trips.groupby(['hour', 'PULocationID'], as_index=False)['total_amount'].mean()
    return [
        {'zone': int(row.PULocationID), 'hour': row.hour, 'revenue': round(float(row.total_amount), 2)}
        for row in revenue.sort_values(['hour', 'PULocationID']).itertuples()
    ]
