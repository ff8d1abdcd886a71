# expect: timestamp-columns
# Never converts the datetime columns: pandas leaves them as strings, stored as text.
import sys

import pandas as pd
import psycopg2
from sqlalchemy import create_engine


def main(source, dsn):
    engine = create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(dsn))
    first = True
    for chunk in pd.read_csv(source, iterator=True, chunksize=500):
        chunk.to_sql(name='green_trips_2019_10', con=engine, if_exists='replace' if first else 'append', index=False)
        first = False


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
