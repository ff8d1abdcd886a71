# expect: sample-day
import pandas as pd


def revenue_per_zone_hour(path):
    trips = pd.read_csv(path, parse_dates=['tpep_pickup_datetime'])
    trips['hour'] = trips['tpep_pickup_datetime'].dt.floor('h').dt.strftime('%Y-%m-%d %H:%M')
    revenue = trips.groupby(['hour', 'DOLocationID'], as_index=False)['total_amount'].sum()
    return [
        {'zone': int(row.DOLocationID), 'hour': row.hour, 'revenue': round(float(row.total_amount), 2)}
        for row in revenue.sort_values(['hour', 'DOLocationID']).itertuples()
    ]
