# The renames spelled out in a table; the drop rule as a predicate.
RENAMES = {'VendorID': 'vendor_id', 'PULocationID': 'pu_location_id'}


def is_dropped(row):
    return row['passenger_count'] == 0 or row['trip_distance'] == 0


def transform(rows):
    return [
        {**{RENAMES.get(key, key): value for key, value in row.items()}, 'lpep_pickup_date': row['lpep_pickup_datetime'].split(' ')[0]}
        for row in rows
        if not is_dropped(row)
    ]
