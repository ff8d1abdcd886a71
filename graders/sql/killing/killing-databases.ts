// Killing databases in the grading cluster: one small database per killing database of a question
// (killing-data.ts), named after its content hash, so a changed file makes a new database and an
// unchanged one is built once per cluster. Built like a dataset variant (schema nyc_taxi, closed to
// PUBLIC, the learner role granted by the grading environment) into a staging name, then renamed.
import type pg from 'pg'
import { type AdminConnection, databaseExists, databaseUrl, withAdmin, withClient } from '../../../datasets/nyc-taxi/load.ts'
import { createTableStatement, NYC_TAXI_SCHEMA, NYC_TAXI_TABLES, quoteIdentifier } from '../../../datasets/nyc-taxi/schema.ts'
import { TAXI_ZONES } from '../../../datasets/nyc-taxi/zones.ts'
import type { KillingVariant } from '../sql-runner.ts'
import { type KillingDatabase, killingDatabaseHash, type KillingTable } from '../../../course/killing-data.ts'

/** Every killing database's name starts with this; the rest is its content hash. */
export const KILLING_DATABASE_PREFIX = 'syllabus_kill_'

const KILLING_DATABASE = new RegExp(`^${KILLING_DATABASE_PREFIX}[0-9a-f]{24}$`)

/**
 * Every killing database in the cluster. Each process grading on the cluster grants the learner
 * role all of them, so processes that have met different questions never revoke each other's grants.
 */
export async function existingKillingDatabases(connection: AdminConnection): Promise<string[]> {
  return withAdmin(connection, async (admin) => {
    const found = await admin.query<{ datname: string }>('SELECT datname FROM pg_catalog.pg_database WHERE starts_with(datname, $1)', [KILLING_DATABASE_PREFIX])
    return found.rows.map((row) => row.datname).filter((name) => KILLING_DATABASE.test(name))
  })
}

/** Names by loaded database object: every grade asks for its question's, and hashing them each time is waste. */
const namesOf = new WeakMap<KillingDatabase, string>()

export function killingDatabaseName(database: KillingDatabase): string {
  let name = namesOf.get(database)
  if (!name) {
    name = `${KILLING_DATABASE_PREFIX}${killingDatabaseHash(database).slice(0, 24)}`
    namesOf.set(database, name)
  }
  return name
}

/** The zone lookup every killing database has unless it brings its own: the public TLC list. */
export const PUBLIC_ZONE_TABLE: KillingTable = {
  columns: ['LocationID', 'Borough', 'Zone', 'service_zone'],
  rows: TAXI_ZONES.map((zone) => [zone.locationId, zone.borough, zone.zone, zone.serviceZone]),
}

/** Every table of the dataset with its rows: the zone lookup defaults to the public one, trip tables to no rows. */
export function tablesOf(database: KillingDatabase): [string, KillingTable][] {
  return NYC_TAXI_TABLES.map((table): [string, KillingTable] => [
    table,
    database.tables[table] ?? (table === 'taxi_zone_lookup' ? PUBLIC_ZONE_TABLE : { columns: ['VendorID'], rows: [] }),
  ])
}

/** Empties the nyc_taxi tables the client sees and fills them with the database's rows (in the client's transaction). */
export async function fillKillingTables(client: pg.Client | pg.PoolClient, database: KillingDatabase): Promise<void> {
  await client.query(`TRUNCATE ${NYC_TAXI_TABLES.map((table) => `${NYC_TAXI_SCHEMA}.${table}`).join(', ')}`)
  for (const [table, content] of tablesOf(database)) {
    if (content.rows.length === 0) continue
    const columns = content.columns.map(quoteIdentifier).join(', ')
    const width = content.columns.length
    // One statement per table, within PostgreSQL's 65 535 parameters (tables here are tens of rows).
    const placeholders = content.rows.map((_, row) => `(${content.columns.map((__, column) => `$${row * width + column + 1}`).join(', ')})`).join(', ')
    await client.query(`INSERT INTO ${NYC_TAXI_SCHEMA}.${table} (${columns}) VALUES ${placeholders}`, content.rows.flat().map((value) => (value === null ? null : String(value))))
  }
}

/** Creates the nyc_taxi schema and its empty tables in the client's database. */
export async function createKillingSchema(client: pg.Client | pg.PoolClient): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${NYC_TAXI_SCHEMA}`)
  for (const table of NYC_TAXI_TABLES) await client.query(createTableStatement(table))
}

/** The variant a killing database is graded as: its name and version both follow from its content. */
export function killingVariant(data: KillingDatabase): KillingVariant {
  return { database: killingDatabaseName(data), version: killingDatabaseHash(data), data }
}

/** Makes sure the killing database exists in the cluster; returns it as a grading variant. */
export async function ensureKillingDatabase(adminUrl: string, data: KillingDatabase): Promise<KillingVariant> {
  const variant = killingVariant(data)
  const { database } = variant
  await withClient(adminUrl, async (admin) => {
    if (await databaseExists(admin, database)) return
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`syllabus-killing:${database}`])
    try {
      if (await databaseExists(admin, database)) return
      const staging = `${database}_new`
      await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${staging}`)
      await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${staging} FROM PUBLIC`)
      await admin.query(`ALTER DATABASE ${staging} SET search_path = ${NYC_TAXI_SCHEMA}, public`)
      try {
        await withClient(databaseUrl(adminUrl, staging), async (client) => {
          await createKillingSchema(client)
          await fillKillingTables(client, data)
          await client.query(`ANALYZE`)
        })
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
        throw error
      }
      await admin.query(`ALTER DATABASE ${staging} RENAME TO ${database}`)
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`syllabus-killing:${database}`])
    }
  })
  return variant
}
