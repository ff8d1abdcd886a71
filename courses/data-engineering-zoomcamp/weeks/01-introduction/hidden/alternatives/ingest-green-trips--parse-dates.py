# read_csv parses the two timestamps itself; the first chunk replaces the table, the others append.
import sys

import pandas as pd
import psycopg2
from sqlalchemy import create_engine

TABLE = 'green_trips_2019_10'


def main(source, connection):
    engine = create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(connection))
    reader = pd.read_csv(source, chunksize=500, parse_dates=['lpep_pickup_datetime', 'lpep_dropoff_datetime'])
    for number, chunk in enumerate(reader):
        chunk.to_sql(TABLE, engine, if_exists='replace' if number == 0 else 'append', index=False)
        print(f'inserted chunk {number + 1} ({len(chunk)} rows)')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
