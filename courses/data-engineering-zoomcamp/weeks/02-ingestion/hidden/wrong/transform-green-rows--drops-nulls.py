# expect: null-values
import re


def transform(rows):
    kept = []
    for row in rows:
        if not row['passenger_count'] or not row['trip_distance']:
            continue
        new = {re.sub(r'(?<=[a-z])(?=[A-Z])', '_', key).replace('PULocation', 'PU_Location').lower(): value for key, value in row.items()}
        new['lpep_pickup_date'] = row['lpep_pickup_datetime'][:10]
        kept.append(new)
    return kept
