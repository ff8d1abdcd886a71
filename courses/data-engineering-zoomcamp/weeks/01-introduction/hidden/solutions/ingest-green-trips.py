# Reference solution of ingest-green-trips: the week 1 lesson's ingestion script, with the file and
# the connection as arguments. pandas reads the CSV in chunks; the first creates (or replaces) the
# table from the header, every chunk is appended.
import sys

import pandas as pd
import psycopg2
from sqlalchemy import create_engine


def main(source, dsn):
    # SQLAlchemy wants a URL; psycopg2 takes the libpq string as it is, so it makes the connections.
    engine = create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(dsn))
    chunks = pd.read_csv(source, iterator=True, chunksize=500)
    first = True
    for chunk in chunks:
        chunk.lpep_pickup_datetime = pd.to_datetime(chunk.lpep_pickup_datetime)
        chunk.lpep_dropoff_datetime = pd.to_datetime(chunk.lpep_dropoff_datetime)
        if first:
            chunk.head(n=0).to_sql(name='green_trips_2019_10', con=engine, if_exists='replace', index=False)
            first = False
        chunk.to_sql(name='green_trips_2019_10', con=engine, if_exists='append', index=False)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
