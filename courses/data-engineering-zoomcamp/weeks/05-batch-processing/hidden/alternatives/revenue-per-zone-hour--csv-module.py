# Without pandas: the csv module and a dict of sums keyed by (hour, zone).
import csv
from collections import defaultdict


def revenue_per_zone_hour(path):
    sums = defaultdict(float)
    with open(path, newline='') as file:
        for row in csv.DictReader(file):
            hour = row['tpep_pickup_datetime'][:13] + ':00'
            sums[(hour, int(row['PULocationID']))] += float(row['total_amount'])
    return [{'zone': zone, 'hour': hour, 'revenue': round(total, 2)} for (hour, zone), total in sorted(sums.items())]
