// Loads the nyc_taxi dataset into the grading cluster: one database per variant, built beside the
// live one (`…_new`) with COPY, indexed, analysed, fingerprinted, then swapped in. Loading again with
// the same generator version, seed and size does nothing. The copy python ingestion clones is made in
// scratch-template.ts.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { z } from 'zod'
import { csvChunks } from './format.ts'
import {
  type DatasetSize,
  type DatasetVariant,
  GENERATOR_VERSION,
  generateTripTableRows,
  generateZoneRows,
  plannedTableRowCount,
  variantSeed,
} from './generate.ts'
import {
  createTableStatement,
  NYC_TAXI_SCHEMA,
  NYC_TAXI_TABLES,
  type NycTaxiTable,
  quoteIdentifier,
  type Row,
  TABLE_COLUMNS,
  TRIP_TABLES,
} from './schema.ts'
import { ZONE_COUNT } from './zones.ts'

export const DATASETS = ['nyc_taxi'] as const
export type DatasetName = (typeof DATASETS)[number]

export const DATASET_INFO_TABLE = '_dataset_info'

export const datasetInfoSchema = z.object({
  dataset: z.enum(DATASETS),
  variant: z.enum(['public', 'hidden']),
  size: z.enum(['small', 'full']),
  generatorVersion: z.number().int(),
  seed: z.number().int(),
  rowCounts: z.record(z.string(), z.number().int()),
  checksum: z.string(),
  loadedAt: z.string(),
})
export type DatasetInfo = z.infer<typeof datasetInfoSchema>

export interface DatasetProgress {
  phase: 'copy' | 'index' | 'analyze' | 'checksum' | 'swap'
  table?: NycTaxiTable
  rows: number
  totalRows: number
  percent: number
  rowsPerSecond: number
  message: string
}

export interface EnsureDatasetOptions {
  dataset: DatasetName
  variant: DatasetVariant
  size: DatasetSize
  onProgress?: (progress: DatasetProgress) => void
  /** Build into this database instead of the variant's usual one (tests). */
  databaseName?: string
  /** Use this seed instead of the variant's (tests). */
  seed?: number
  /** The operator's hidden-variant seed (SYLLABUS_DATASET_HIDDEN_SEED); the built-in one otherwise. */
  hiddenSeed?: number
}

export interface EnsureDatasetResult {
  status: 'present' | 'built'
  database: string
  info: DatasetInfo
}

export function datasetDatabaseName(dataset: DatasetName, variant: DatasetVariant): string {
  return `syllabus_ds_${dataset}_${variant}`
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A superuser connection to reuse (each new one is a backend start), or the URL to open one for this work only. */
export type AdminConnection = string | pg.Client

export function withAdmin<T>(admin: AdminConnection, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return typeof admin === 'string' ? withClient(admin, work) : work(admin)
}

/** The dataset's record of itself, or null when the database or the record is missing. */
export async function readDatasetInfo(url: string): Promise<DatasetInfo | null> {
  return withClient(url, async (client) => {
    const present = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
      `${NYC_TAXI_SCHEMA}.${DATASET_INFO_TABLE}`,
    ])
    if (!present.rows[0]?.present) return null
    const found = await client.query<{ info: unknown }>(`SELECT to_jsonb(i) AS info FROM ${NYC_TAXI_SCHEMA}.${DATASET_INFO_TABLE} i`)
    const raw = found.rows[0]?.info as Record<string, unknown> | undefined
    if (!raw) return null
    const parsed = datasetInfoSchema.safeParse({
      dataset: raw.dataset,
      variant: raw.variant,
      size: raw.size,
      generatorVersion: raw.generator_version,
      seed: Number(raw.seed),
      rowCounts: raw.row_counts,
      checksum: raw.checksum,
      loadedAt: raw.loaded_at,
    })
    return parsed.success ? parsed.data : null
  })
}

/**
 * A fingerprint of everything in the dataset schema: each relation's name and columns, and each
 * table's rows (an order-independent sum of row hashes). Hostile tests compare it before and after
 * running learner code to prove nothing changed. The dataset's own record is left out.
 */
export async function datasetChecksum(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const structure = await client.query<{ relation: string; kind: string; columns: string }>(
      `SELECT c.relname AS relation, c.relkind::text AS kind,
              coalesce(string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum), '') AS columns
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = $1 AND c.relname <> $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        GROUP BY c.relname, c.relkind
        ORDER BY c.relname`,
      [NYC_TAXI_SCHEMA, DATASET_INFO_TABLE],
    )
    const hash = createHash('sha256')
    for (const relation of structure.rows) {
      hash.update(`${relation.relation} ${relation.kind} (${relation.columns})\n`)
      if (relation.kind !== 'r' && relation.kind !== 'p') continue
      // 60 bits of each row's md5, summed as numeric: order-independent and cheap on millions of rows.
      const content = await client.query<{ rows: string; sum: string }>(
        `SELECT count(*)::text AS rows,
                coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint), 0)::text AS sum
           FROM ${NYC_TAXI_SCHEMA}.${quoteIdentifier(relation.relation)} t`,
      )
      hash.update(`${content.rows[0]?.rows}:${content.rows[0]?.sum}\n`)
    }
    return hash.digest('hex')
  })
}

function tableRows(table: NycTaxiTable, seed: number, size: DatasetSize): { rows: Iterable<Row>; total: number } {
  if (table === 'taxi_zone_lookup') return { rows: generateZoneRows(), total: ZONE_COUNT }
  return { rows: generateTripTableRows(table, { seed, size }), total: plannedTableRowCount(table, { seed, size }) }
}

const INDEXES: Record<NycTaxiTable, string[]> = {
  taxi_zone_lookup: ['"LocationID"'],
  yellow_tripdata: ['tpep_pickup_datetime', '"PULocationID"', '"DOLocationID"'],
  green_tripdata: ['lpep_pickup_datetime', '"PULocationID"', '"DOLocationID"'],
  fhv_tripdata: ['pickup_datetime', '"PUlocationID"', '"DOlocationID"'],
}

function progressReporter(onProgress: EnsureDatasetOptions['onProgress'], totalRows: number) {
  const started = performance.now()
  let lastReport = 0
  let rows = 0
  return {
    add(table: NycTaxiTable, count: number, force = false) {
      rows += count
      const now = performance.now()
      if (!onProgress || (!force && now - lastReport < 500)) return
      lastReport = now
      const rowsPerSecond = Math.round(rows / Math.max((now - started) / 1000, 0.001))
      const percent = Math.min(100, Math.floor((rows / totalRows) * 1000) / 10)
      onProgress({
        phase: 'copy',
        table,
        rows,
        totalRows,
        percent,
        rowsPerSecond,
        message: `copying ${table}: ${rows.toLocaleString('en-US')} / ${totalRows.toLocaleString('en-US')} rows (${percent}%, ${rowsPerSecond.toLocaleString('en-US')} rows/s)`,
      })
    },
    get rows() {
      return rows
    },
  }
}

async function buildDatabase(url: string, variant: DatasetVariant, size: DatasetSize, seed: number, options: EnsureDatasetOptions) {
  return withClient(url, async (client) => {
    const totals = Object.fromEntries(NYC_TAXI_TABLES.map((table) => [table, tableRows(table, seed, size).total]))
    const totalRows = Object.values(totals).reduce((sum, count) => sum + count, 0)
    const progress = progressReporter(options.onProgress, totalRows)
    const report = (phase: DatasetProgress['phase'], message: string) =>
      options.onProgress?.({ phase, rows: progress.rows, totalRows, percent: 100, rowsPerSecond: 0, message })
    await client.query(`CREATE SCHEMA ${NYC_TAXI_SCHEMA}`)
    const rowCounts: Record<string, number> = {}
    for (const table of NYC_TAXI_TABLES) {
      await client.query(createTableStatement(table))
      const columns = TABLE_COLUMNS[table]
      const { rows } = tableRows(table, seed, size)
      const copy = client.query(
        copyFrom(
          `COPY ${NYC_TAXI_SCHEMA}.${table} (${columns.map((column) => quoteIdentifier(column.name)).join(', ')}) FROM STDIN WITH (FORMAT csv)`,
        ),
      )
      let copied = 0
      await pipeline(
        Readable.from(csvChunks(columns, rows, { onRows: (count) => ((copied += count), progress.add(table, count)) })),
        copy,
      )
      progress.add(table, 0, true)
      rowCounts[table] = copied
    }
    report('index', 'creating indexes')
    for (const table of NYC_TAXI_TABLES) {
      for (const column of INDEXES[table]) {
        const name = `${table}_${column.replaceAll('"', '').toLowerCase()}_idx`
        await client.query(`CREATE INDEX ${name} ON ${NYC_TAXI_SCHEMA}.${table} (${column})`)
      }
    }
    report('analyze', 'analysing')
    await client.query('ANALYZE')
    // No grants here: only the owner may read or change the dataset until the sandbox grants its
    // learner role SELECT (sandbox/postgres/provision-role.ts), never on _dataset_info (it holds the seed).
    await client.query(`REVOKE ALL ON SCHEMA ${NYC_TAXI_SCHEMA} FROM PUBLIC`)
    report('checksum', 'computing the checksum')
    const checksum = await datasetChecksum(url)
    const info: DatasetInfo = {
      dataset: options.dataset,
      variant,
      size,
      generatorVersion: GENERATOR_VERSION,
      seed,
      rowCounts,
      checksum,
      loadedAt: new Date().toISOString(),
    }
    await client.query(
      `CREATE TABLE ${NYC_TAXI_SCHEMA}.${DATASET_INFO_TABLE} (
         dataset text NOT NULL, variant text NOT NULL, size text NOT NULL, generator_version integer NOT NULL,
         seed bigint NOT NULL, row_counts jsonb NOT NULL, checksum text NOT NULL, loaded_at timestamptz NOT NULL)`,
    )
    await client.query(
      `INSERT INTO ${NYC_TAXI_SCHEMA}.${DATASET_INFO_TABLE} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [info.dataset, info.variant, info.size, info.generatorVersion, info.seed, JSON.stringify(rowCounts), checksum, info.loadedAt],
    )
    return info
  })
}

const isCurrent = (info: DatasetInfo | null, seed: number, size: DatasetSize): info is DatasetInfo =>
  info !== null && info.generatorVersion === GENERATOR_VERSION && info.seed === seed && info.size === size

export async function databaseExists(admin: pg.Client, database: string) {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
  return found.rowCount === 1
}

/**
 * Makes sure the dataset variant is loaded at this size and generator version; rebuilds it otherwise.
 * `adminUrl` is a superuser URL of the grading cluster (any database on it).
 */
export async function ensureDatasetLoaded(adminUrl: string, options: EnsureDatasetOptions): Promise<EnsureDatasetResult> {
  const database = options.databaseName ?? datasetDatabaseName(options.dataset, options.variant)
  // The name goes into DDL unquoted, so it must be a plain identifier (with room for `_new`).
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(database)) throw new Error(`Bad dataset database name "${database}"`)
  const seed = options.seed ?? variantSeed(options.variant, options.hiddenSeed)
  const current = async (admin: pg.Client) =>
    (await databaseExists(admin, database)) ? readDatasetInfo(databaseUrl(adminUrl, database)) : null

  return withClient(adminUrl, async (admin) => {
    const before = await current(admin)
    if (isCurrent(before, seed, options.size)) return { status: 'present', database, info: before }
    // One builder per database across processes; the loser finds the dataset present after waiting.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`syllabus-dataset:${database}`])
    try {
      const afterWait = await current(admin)
      if (isCurrent(afterWait, seed, options.size)) return { status: 'present', database, info: afterWait }
      const staging = `${database}_new`
      await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${staging}`)
      // Closed from its first moment: a python sandbox's one-off role must reach its own scratch
      // database only (docs/sandbox-docker.md); the learner role is granted CONNECT by name.
      await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${staging} FROM PUBLIC`)
      await admin.query(`ALTER DATABASE ${staging} SET search_path = ${NYC_TAXI_SCHEMA}, public`)
      let info: DatasetInfo
      try {
        info = await buildDatabase(databaseUrl(adminUrl, staging), options.variant, options.size, seed, options)
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
        throw error
      }
      options.onProgress?.({ phase: 'swap', rows: 0, totalRows: 0, percent: 100, rowsPerSecond: 0, message: `swapping ${staging} in` })
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.query(`ALTER DATABASE ${staging} RENAME TO ${database}`)
      return { status: 'built', database, info }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`syllabus-dataset:${database}`])
    }
  })
}

export { TRIP_TABLES }
