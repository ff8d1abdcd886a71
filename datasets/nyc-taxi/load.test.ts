import { readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { plantedFacts, variantSeed } from './generate.ts'
import { databaseUrl, datasetChecksum, datasetDatabaseName, ensureDatasetLoaded, readDatasetInfo } from './load.ts'
import { quoteIdentifier, TABLE_COLUMNS, TRIP_TABLES, type TripTable } from './schema.ts'
import { PLANTED_PICKUP_ZONE, ZONES_WITHOUT_TRIPS } from './zones.ts'

const adminUrl = inject('gradingAdminUrl')
const publicUrl = databaseUrl(adminUrl, datasetDatabaseName('nyc_taxi', 'public'))
const hiddenUrl = databaseUrl(adminUrl, datasetDatabaseName('nyc_taxi', 'hidden'))

const PICKUP: Record<TripTable, string> = {
  yellow_tripdata: 'tpep_pickup_datetime',
  green_tripdata: 'lpep_pickup_datetime',
  fhv_tripdata: 'pickup_datetime',
}
const DROPOFF: Record<TripTable, string> = {
  yellow_tripdata: 'tpep_dropoff_datetime',
  green_tripdata: 'lpep_dropoff_datetime',
  fhv_tripdata: '"dropOff_datetime"',
}
const PICKUP_ZONE: Record<TripTable, string> = {
  yellow_tripdata: '"PULocationID"',
  green_tripdata: '"PULocationID"',
  fhv_tripdata: '"PUlocationID"',
}
const DROPOFF_ZONE: Record<TripTable, string> = {
  yellow_tripdata: '"DOLocationID"',
  green_tripdata: '"DOLocationID"',
  fhv_tripdata: '"DOlocationID"',
}

/** The Datasets table of docs/course-authoring.md: table → [column name, type] in order. */
function documentedColumns(): Map<string, [string, string][]> {
  const doc = readFileSync(path.join(import.meta.dirname, '../../docs/course-authoring.md'), 'utf8')
  const section = doc.slice(doc.indexOf('## Datasets'))
  const tables = new Map<string, [string, string][]>()
  for (const line of section.split('\n')) {
    const match = /^\| `(\w+)` \| (.+) \|$/.exec(line)
    if (!match) continue
    const columns = [...match[2]!.matchAll(/`"?([A-Za-z_]+)"? ([a-z]+(?:\(\d+,\d+\))?)`/g)].map(
      (column) => [column[1]!, column[2]!] as [string, string],
    )
    tables.set(match[1]!, columns)
  }
  return tables
}

describe('the loaded nyc_taxi dataset (small)', () => {
  let db: pg.Client
  const queryValue = async <T,>(sql: string, client = db): Promise<T> => {
    const result = await client.query(sql)
    return Object.values(result.rows[0] ?? {})[0] as T
  }

  beforeAll(async () => {
    db = new pg.Client(publicUrl)
    await db.connect()
  })
  afterAll(async () => {
    await db.end()
  })

  it('has exactly the tables and column types of the course-authoring guide', async () => {
    const documented = documentedColumns()
    expect([...documented.keys()].sort()).toEqual(['fhv_tripdata', 'green_tripdata', 'taxi_zone_lookup', 'yellow_tripdata'])
    for (const [table, columns] of documented) {
      const actual = await db.query<{ column_name: string; type: string }>(
        `SELECT column_name,
                CASE WHEN data_type = 'numeric' THEN format('numeric(%s,%s)', numeric_precision, numeric_scale)
                     WHEN data_type = 'timestamp without time zone' THEN 'timestamp' ELSE data_type END AS type
           FROM information_schema.columns WHERE table_schema = 'nyc_taxi' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
      expect(actual.rows.map((row) => [row.column_name, row.type]), table).toEqual(columns)
    }
    expect(await queryValue('SELECT count(*)::int FROM taxi_zone_lookup')).toBe(265)
  })

  it('finds the tables without a schema name (search_path) and grants nothing to PUBLIC', async () => {
    expect(await queryValue('SELECT count(*)::int FROM green_tripdata')).toBeGreaterThan(6000)
    expect(await queryValue(`SELECT has_schema_privilege('public', 'nyc_taxi', 'USAGE')`)).toBe(false)
    expect(await queryValue(`SELECT has_table_privilege('public', 'nyc_taxi.green_tripdata', 'SELECT')`)).toBe(false)
    expect(await queryValue(`SELECT has_table_privilege('public', 'nyc_taxi._dataset_info', 'SELECT')`)).toBe(false)
  })

  it('records what it is, and its checksum matches the content', async () => {
    const info = await readDatasetInfo(publicUrl)
    expect(info).toMatchObject({ dataset: 'nyc_taxi', variant: 'public', size: 'small', seed: variantSeed('public') })
    expect(await datasetChecksum(publicUrl)).toBe(info?.checksum)
    expect(info?.rowCounts.green_tripdata).toBe(await queryValue('SELECT count(*)::int FROM green_tripdata'))
  })

  it('differs between the public and the hidden variant, in counts and in checksum', async () => {
    const hidden = new pg.Client(hiddenUrl)
    await hidden.connect()
    try {
      const onDay = `SELECT count(*)::int FROM green_tripdata WHERE lpep_pickup_datetime::date = '2019-10-18'`
      expect(await queryValue(onDay, hidden)).not.toBe(await queryValue(onDay))
      expect(await datasetChecksum(hiddenUrl)).not.toBe(await datasetChecksum(publicUrl))
    } finally {
      await hidden.end()
    }
  })

  describe.each(TRIP_TABLES)('planted edge cases in %s', (table) => {
    const pickup = PICKUP[table]
    const dropoff = DROPOFF[table]

    it('has trips at midnight and across month boundaries', async () => {
      const at = (pickupAt: string, dropoffAt: string) =>
        queryValue<number>(`SELECT count(*)::int FROM ${table} WHERE ${pickup} = '${pickupAt}' AND ${dropoff} = '${dropoffAt}'`)
      expect(await at('2019-10-01 00:00:00', '2019-10-02 00:00:00')).toBeGreaterThanOrEqual(1)
      expect(await at('2019-10-31 23:59:59', '2019-11-01 00:20:00')).toBeGreaterThanOrEqual(1)
      expect(await at('2019-09-30 23:45:00', '2019-10-01 00:00:00')).toBeGreaterThanOrEqual(1)
      expect(await at('2019-11-30 23:59:59', '2019-12-01 00:10:00')).toBeGreaterThanOrEqual(1)
      expect(await queryValue(`SELECT count(*)::int FROM ${table} WHERE ${pickup} = '2019-10-19 00:00:00'`)).toBeGreaterThanOrEqual(1)
    })

    it('has a NULL in every nullable column and none elsewhere', async () => {
      for (const column of TABLE_COLUMNS[table]) {
        const nulls = await queryValue<number>(`SELECT count(*)::int FROM ${table} WHERE ${quoteIdentifier(column.name)} IS NULL`)
        if (column.nullable) expect(nulls, column.name).toBeGreaterThan(0)
        else expect(nulls, column.name).toBe(0)
      }
    })

    it('has exact duplicate rows', async () => {
      expect(
        await queryValue(`SELECT count(*)::int FROM (SELECT md5(t::text) FROM ${table} t GROUP BY 1 HAVING count(*) > 1) d`),
      ).toBeGreaterThan(0)
    })

    it('ties the 2nd and 3rd busiest pick-up zones, and the top drop-off zones from the planted zone', async () => {
      const busiest = await db.query<{ zone: number; trips: number }>(
        `SELECT ${PICKUP_ZONE[table]} AS zone, count(*)::int AS trips FROM ${table} WHERE ${PICKUP_ZONE[table]} < 264
          GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
      )
      const [first, second, third] = busiest.rows
      expect(first!.trips).toBeGreaterThan(second!.trips)
      expect(second!.trips).toBe(third!.trips)
      expect([second!.zone, third!.zone].sort()).toEqual([...plantedFacts(table, variantSeed('public')).tiedPickupZones].sort())
      const fromPlanted = await db.query<{ zone: number; trips: number }>(
        `SELECT ${DROPOFF_ZONE[table]} AS zone, count(*)::int AS trips FROM ${table}
          WHERE ${PICKUP_ZONE[table]} = ${PLANTED_PICKUP_ZONE} GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
      )
      expect(fromPlanted.rows.map((row) => row.trips)).toEqual([4, 4, 1])
    })

    it('has zones that no trip starts or ends in', async () => {
      const used = await queryValue<number>(
        `SELECT count(*)::int FROM ${table} WHERE ${PICKUP_ZONE[table]} = ANY($1) OR ${DROPOFF_ZONE[table]} = ANY($1)`.replaceAll(
          '$1',
          `'{${ZONES_WITHOUT_TRIPS.join(',')}}'::int[]`,
        ),
      )
      expect(used).toBe(0)
      const unused = await queryValue<number>(
        `SELECT count(*)::int FROM taxi_zone_lookup z LEFT JOIN ${table} t ON t.${PICKUP_ZONE[table]} = z."LocationID"
          WHERE t.${PICKUP_ZONE[table]} IS NULL`,
      )
      expect(unused).toBeGreaterThanOrEqual(ZONES_WITHOUT_TRIPS.length)
    })

    it.skipIf(table === 'fhv_tripdata')('has zero and negative fares, and the longest trip on two days', async () => {
      expect(await queryValue(`SELECT count(*)::int FROM ${table} WHERE fare_amount = 0`)).toBeGreaterThan(0)
      expect(await queryValue(`SELECT count(*)::int FROM ${table} WHERE fare_amount < 0`)).toBeGreaterThan(0)
      expect(await queryValue(`SELECT count(*)::int FROM ${table} WHERE payment_type = 2 AND tip_amount <> 0`)).toBe(0)
      const longest = await db.query<{ day: string; distance: string }>(
        `SELECT ${pickup}::date::text AS day, max(trip_distance)::text AS distance FROM ${table}
          GROUP BY 1 ORDER BY max(trip_distance) DESC LIMIT 2`,
      )
      expect(longest.rows[0]!.distance).toBe(longest.rows[1]!.distance)
      expect(longest.rows[0]!.day).not.toBe(longest.rows[1]!.day)
    })
  })
})

describe('ensureDatasetLoaded', () => {
  it('does nothing when the same version is loaded', async () => {
    const started = performance.now()
    const result = await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small' })
    expect(result.status).toBe('present')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('builds beside the live database and swaps it in when the seed changes', async () => {
    const databaseName = 'syllabus_ds_test_swap'
    const progress: string[] = []
    const first = await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small', seed: 11, databaseName, onProgress: (p) => progress.push(p.phase) })
    expect(first.status).toBe('built')
    expect(progress).toContain('copy')
    expect(progress.at(-1)).toBe('swap')
    const url = databaseUrl(adminUrl, databaseName)
    expect(await datasetChecksum(url)).toBe(first.info.checksum)

    // A change to the data changes the checksum (what hostile tests rely on).
    const client = new pg.Client(url)
    await client.connect()
    await client.query(`UPDATE nyc_taxi.taxi_zone_lookup SET "Zone" = 'Hacked' WHERE "LocationID" = 1`)
    await client.end()
    expect(await datasetChecksum(url)).not.toBe(first.info.checksum)

    const again = await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small', seed: 11, databaseName })
    expect(again.status).toBe('present')
    const rebuilt = await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small', seed: 12, databaseName })
    expect(rebuilt.status).toBe('built')
    expect(rebuilt.info.checksum).not.toBe(first.info.checksum)
    expect((await readDatasetInfo(url))?.seed).toBe(12)

    const admin = new pg.Client(adminUrl)
    await admin.connect()
    const leftovers = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'syllabus_ds_test_swap%'`)
    expect(leftovers.rows.map((row) => row.datname)).toEqual([databaseName])
    await admin.query(`DROP DATABASE ${databaseName} WITH (FORCE)`)
    await admin.end()
  })
})
