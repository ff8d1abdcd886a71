import re


def snake_case(name):
    name = re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', name)
    name = re.sub(r'(?<=[A-Z])(?=[A-Z][a-z])', '_', name)
    return name.lower()


def transform(rows):
    kept = []
    for row in rows:
        if row['passenger_count'] is not None and row['passenger_count'] <= 0:
            continue
        if row['trip_distance'] is not None and row['trip_distance'] <= 0:
            continue
        new = {snake_case(key): value for key, value in row.items()}
        new['lpep_pickup_date'] = row['lpep_pickup_datetime'][:10]
        kept.append(new)
    return kept
