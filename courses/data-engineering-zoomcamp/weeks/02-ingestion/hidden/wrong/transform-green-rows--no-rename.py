# expect: example-rows
def transform(rows):
    kept = []
    for row in rows:
        if row['passenger_count'] is not None and row['passenger_count'] <= 0:
            continue
        if row['trip_distance'] is not None and row['trip_distance'] <= 0:
            continue
        kept.append({**row, 'lpep_pickup_date': row['lpep_pickup_datetime'][:10]})
    return kept
