// Test fixture: a small, seeded database with the nyc_taxi tables (docs/course-authoring.md), so the
// sandbox tests do not depend on the real dataset loader. Also a checksum of a schema's content, to
// prove a hostile run changed nothing.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { withDatabase } from '../identifiers.ts'

export interface SmallNycTaxiDatabase {
  database: string
  /** Superuser URL to the new database. */
  adminUrl: string
  drop(): Promise<void>
}

const createTables = `
CREATE SCHEMA nyc_taxi;
CREATE TABLE nyc_taxi.taxi_zone_lookup ("LocationID" integer PRIMARY KEY, "Borough" text, "Zone" text, service_zone text);
INSERT INTO nyc_taxi.taxi_zone_lookup
  SELECT i, (ARRAY['Manhattan','Queens','Brooklyn','Bronx','Staten Island','EWR'])[1 + i % 6], 'Zone ' || i, 'Boro Zone'
    FROM generate_series(1, 265) AS i;
CREATE TABLE nyc_taxi.yellow_tripdata (
  "VendorID" integer, tpep_pickup_datetime timestamp, tpep_dropoff_datetime timestamp, passenger_count integer,
  trip_distance numeric(8,2), "RatecodeID" integer, store_and_fwd_flag text, "PULocationID" integer,
  "DOLocationID" integer, payment_type integer, fare_amount numeric(10,2), extra numeric(10,2),
  mta_tax numeric(10,2), tip_amount numeric(10,2), tolls_amount numeric(10,2),
  improvement_surcharge numeric(10,2), total_amount numeric(10,2), congestion_surcharge numeric(10,2));
INSERT INTO nyc_taxi.yellow_tripdata
  SELECT 1 + i % 2, timestamp '2019-09-01' + i * interval '7 minutes', timestamp '2019-09-01' + i * interval '7 minutes' + (5 + i % 40) * interval '1 minute',
         1 + i % 4, (i % 170) / 10.0, 1, 'N', 1 + i % 265, 1 + (i * 7) % 265, 1 + i % 2, 5 + (i % 50), 0.5, 0.5,
         (i % 5), 0, 0.3, 6.3 + (i % 50) + (i % 5), 2.5
    FROM generate_series(1, 5000) AS i;
CREATE TABLE nyc_taxi.green_tripdata (
  "VendorID" integer, lpep_pickup_datetime timestamp, lpep_dropoff_datetime timestamp, store_and_fwd_flag text,
  "RatecodeID" integer, "PULocationID" integer, "DOLocationID" integer, passenger_count integer,
  trip_distance numeric(8,2), fare_amount numeric(10,2), extra numeric(10,2), mta_tax numeric(10,2),
  tip_amount numeric(10,2), tolls_amount numeric(10,2), ehail_fee numeric(10,2), improvement_surcharge numeric(10,2),
  total_amount numeric(10,2), payment_type integer, trip_type integer, congestion_surcharge numeric(10,2));
INSERT INTO nyc_taxi.green_tripdata
  SELECT 2, timestamp '2019-09-01' + i * interval '31 minutes', timestamp '2019-09-01' + i * interval '31 minutes' + interval '12 minutes',
         'N', 1, 1 + i % 265, 1 + (i * 3) % 265, 1, (i % 90) / 10.0, 7, 0.5, 0.5, 1, 0, NULL, 0.3, 9.3, 1 + i % 2, 1, 0
    FROM generate_series(1, 1000) AS i;
CREATE TABLE nyc_taxi.fhv_tripdata (
  dispatching_base_num text, pickup_datetime timestamp, "dropOff_datetime" timestamp, "PUlocationID" integer,
  "DOlocationID" integer, "SR_Flag" integer, "Affiliated_base_number" text);
INSERT INTO nyc_taxi.fhv_tripdata
  SELECT 'B0' || (1000 + i % 50), timestamp '2019-09-01' + i * interval '43 minutes', timestamp '2019-09-01' + i * interval '43 minutes' + interval '20 minutes',
         1 + i % 265, 1 + (i * 5) % 265, NULL, 'B0' || (1000 + i % 50)
    FROM generate_series(1, 1000) AS i;
ANALYZE;
`

/** Creates `<prefix>_<random>` with the nyc_taxi schema filled with a few thousand seeded rows. */
export async function createSmallNycTaxiDatabase(
  clusterAdminUrl: string,
  prefix = 'sbx_nyc_taxi',
): Promise<SmallNycTaxiDatabase> {
  const database = `${prefix}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${database}`)
  } finally {
    await admin.end()
  }
  const adminUrl = withDatabase(clusterAdminUrl, database)
  const client = new pg.Client(adminUrl)
  await client.connect()
  try {
    await client.query(createTables)
  } finally {
    await client.end()
  }
  return {
    database,
    adminUrl,
    drop: async () => {
      const dropper = new pg.Client(clusterAdminUrl)
      await dropper.connect()
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      } finally {
        await dropper.end()
      }
    },
  }
}

/**
 * An md5 over every table's rows (in a stable order), the list of relations in the given schemas,
 * and the large objects: any change a run managed to commit changes it.
 */
export async function databaseChecksum(adminUrl: string, schemas: string[]): Promise<string> {
  const client = new pg.Client(adminUrl)
  await client.connect()
  try {
    const relations = await client.query<{ schema: string; name: string; kind: string }>(
      `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1) ORDER BY 1, 2`,
      [schemas],
    )
    const parts = [JSON.stringify(relations.rows)]
    for (const { schema, name, kind } of relations.rows) {
      if (kind !== 'r') continue
      const table = `"${schema}"."${name.replaceAll('"', '""')}"`
      const { rows } = await client.query<{ digest: string | null }>(
        `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${table} t`,
      )
      parts.push(`${table}:${rows[0]?.digest ?? 'empty'}`)
    }
    const largeObjects = await client.query<{ count: string }>('SELECT count(*) FROM pg_catalog.pg_largeobject_metadata')
    parts.push(`large objects:${largeObjects.rows[0]?.count}`)
    return parts.join('\n')
  } finally {
    await client.end()
  }
}
