# expect: every-row
# Replaces the table with each chunk: only the last chunk is left.
import sys

import pandas as pd
import psycopg2
from sqlalchemy import create_engine


def main(source, dsn):
    engine = create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(dsn))
    for chunk in pd.read_csv(source, iterator=True, chunksize=500):
        chunk.lpep_pickup_datetime = pd.to_datetime(chunk.lpep_pickup_datetime)
        chunk.lpep_dropoff_datetime = pd.to_datetime(chunk.lpep_dropoff_datetime)
        chunk.to_sql(name='green_trips_2019_10', con=engine, if_exists='replace', index=False)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
