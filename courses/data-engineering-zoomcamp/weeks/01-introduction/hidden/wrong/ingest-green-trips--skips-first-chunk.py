# expect: every-row
# The lesson's `df = next(df_iter)` for the header, then a loop that starts with the next chunk:
# the first chunk makes the table but its rows are never inserted.
import sys

import pandas as pd
import psycopg2
from sqlalchemy import create_engine


def main(source, dsn):
    engine = create_engine('postgresql+psycopg2://', creator=lambda: psycopg2.connect(dsn))
    df_iter = pd.read_csv(source, iterator=True, chunksize=500)
    df = next(df_iter)
    df.lpep_pickup_datetime = pd.to_datetime(df.lpep_pickup_datetime)
    df.lpep_dropoff_datetime = pd.to_datetime(df.lpep_dropoff_datetime)
    df.head(n=0).to_sql(name='green_trips_2019_10', con=engine, if_exists='replace', index=False)
    for df in df_iter:
        df.lpep_pickup_datetime = pd.to_datetime(df.lpep_pickup_datetime)
        df.lpep_dropoff_datetime = pd.to_datetime(df.lpep_dropoff_datetime)
        df.to_sql(name='green_trips_2019_10', con=engine, if_exists='append', index=False)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
