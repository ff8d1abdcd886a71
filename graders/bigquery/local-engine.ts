// The local BigQuery engine: one DuckDB sandbox per session over a dataset variant's Parquet files,
// with the course's datasets as read-only native tables and the learner's CREATE TABLE / CREATE
// EXTERNAL TABLE statements landing in scratch datasets that vanish with the session (the DuckDB
// database is in memory). Every statement can be dry-run for its byte estimate.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import {
  type DuckDbLimitsInput,
  DuckDbRuntimeError,
  type DuckDbSandbox,
  DuckDbTimeoutError,
  openDuckDbSandbox,
  quoteIdentifier,
  quoteLiteral,
} from '../../sandbox/duckdb/index.ts'
import type { SqlResultSet } from '../sql/result-set.ts'
import { bigQueryTypeOfDuckDb, comparatorTypeOf } from './bigquery-types.ts'
import { Catalog, type CatalogColumn, type CatalogTable, type Partitioning, tableKey } from './catalog.ts'
import { BigQueryRejectedError, BigQueryRuntimeError } from './errors.ts'
import { computeTableStats, estimateBytes, type TableStats } from './estimate.ts'
import { type OrderKey, type StatementKind, type TranslatedStatement, translateStatement } from './translate.ts'

export interface LocalTableFiles {
  name: string
  files: string[]
}

export interface LocalDataset {
  /** The BigQuery dataset name learners write (nyc_taxi). */
  name: string
  tables: LocalTableFiles[]
}

export interface LocalBigQueryOptions {
  datasets: LocalDataset[]
  /** Parquet files an external table's uris may name (matched by file name: the bucket is the learner's). */
  externalFiles?: string[]
  limits?: DuckDbLimitsInput
}

export interface DryRunOutcome {
  kind: StatementKind
  bytesProcessed: number
}

export interface RunOutcome extends DryRunOutcome {
  /** A query's rows; empty (no columns) for DDL, as BigQuery returns none. */
  result: SqlResultSet
  /** A query's top-level ORDER BY keys; null when it does not sort (or is DDL). */
  orderBy: OrderKey[] | null
  /** After CREATE TABLE: the table's columns and layout (compare.table_layout grades them). */
  createdTable?: TableLayout
}

export interface TableLayout {
  columns: CatalogColumn[]
  partitioning: Partitioning | null
  clustering: string[]
}

interface BaseTableInfo {
  columns: CatalogColumn[]
  duckTypes: Map<string, string>
  stats: TableStats
}

/** Schema and statistics of the course's tables, by their files' identity: computed once per process. */
const baseTableInfo = new Map<string, Promise<BaseTableInfo>>()

async function filesIdentity(files: string[]): Promise<string> {
  const parts = await Promise.all(files.map(async (file) => {
    const info = await stat(file)
    return `${file}:${info.size}:${info.mtimeMs}`
  }))
  return parts.join('|')
}

function describeRows(rows: (string | null)[][]): { columns: CatalogColumn[]; duckTypes: Map<string, string> } {
  const duckTypes = new Map<string, string>()
  const columns = rows.map(([name, type]) => {
    duckTypes.set(String(name).toLowerCase(), String(type))
    return { name: String(name), type: bigQueryTypeOfDuckDb(String(type)) }
  })
  return { columns, duckTypes }
}

/** DuckDB's wording → BigQuery's, for the errors a learner meets most. */
export function bigQueryMessage(duckMessage: string): string {
  const column = /Referenced column "([^"]+)" not found/.exec(duckMessage)
  if (column) return `Unrecognized name: ${column[1]}`
  const fn = /Scalar Function with name (\S+) does not exist|Function with name (\S+) does not exist/i.exec(duckMessage)
  if (fn) return `Function not found: ${fn[1] ?? fn[2]} (or not supported locally)`
  if (/Division by zero/i.test(duckMessage)) return 'division by zero: 1 / 0'
  return duckMessage.replace(/\bscratch_/g, '').replace(/\n\s*LINE \d+:[\s\S]*$/, '').trim()
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  return new RegExp(`^${escaped}$`)
}

export class LocalBigQuery {
  private constructor(
    private readonly sandbox: DuckDbSandbox,
    private readonly catalog: Catalog,
    private readonly stats: Map<string, TableStats>,
    private readonly externalFiles: string[],
  ) {}

  static async open(options: LocalBigQueryOptions): Promise<LocalBigQuery> {
    const views = options.datasets.flatMap((dataset) => dataset.tables.map((table) => ({ schema: dataset.name, name: table.name, files: table.files })))
    const externalFiles = options.externalFiles ?? []
    // External tables read through read_parquet, so their candidate files are attached (allowed) too.
    const extra = externalFiles.length ? [{ schema: 'syllabus_external_files', name: 'all_files', files: externalFiles }] : []
    const sandbox = await openDuckDbSandbox([...views, ...extra], options.limits)
    try {
      const catalog = new Catalog(new Set(options.datasets.map((dataset) => dataset.name)))
      const stats = new Map<string, TableStats>()
      for (const dataset of options.datasets) {
        for (const table of dataset.tables) {
          const duckdb = { schema: dataset.name, name: table.name }
          const key = `${dataset.name}.${table.name}@${await filesIdentity(table.files)}`
          let info = baseTableInfo.get(key)
          if (!info) {
            info = (async () => {
              const described = describeRows((await sandbox.query(`DESCRIBE ${quoteIdentifier(duckdb.schema)}.${quoteIdentifier(duckdb.name)}`)).rows)
              const entry: CatalogTable = { dataset: dataset.name, name: table.name, kind: 'native', columns: described.columns, partitioning: null, clustering: [], duckdb }
              const tableStats = await computeTableStats(entry, async (sql) => (await sandbox.query(sql)).rows, described.duckTypes)
              return { ...described, stats: tableStats }
            })()
            baseTableInfo.set(key, info)
            info.catch(() => baseTableInfo.delete(key))
          }
          const { columns, stats: tableStats } = await info
          catalog.put({ dataset: dataset.name, name: table.name, kind: 'native', columns, partitioning: null, clustering: [], duckdb })
          stats.set(tableKey(dataset.name, table.name), tableStats)
        }
      }
      return new LocalBigQuery(sandbox, catalog, stats, externalFiles)
    } catch (error) {
      sandbox.close()
      throw error
    }
  }

  /** A table's metadata (columns, kind, partitioning, clustering), for checks and tests. */
  table(dataset: string, name: string): CatalogTable | undefined {
    return this.catalog.get(dataset, name)
  }

  private statsOf = (table: CatalogTable): TableStats => {
    const stats = this.stats.get(tableKey(table.dataset, table.name))
    if (!stats) throw new Error(`No statistics for ${table.dataset}.${table.name}`)
    return stats
  }

  private estimate(statement: TranslatedStatement): number {
    if (statement.kind === 'create_external_table') return 0
    return estimateBytes(statement.scans, this.statsOf)
  }

  /** The byte estimate without running anything (BigQuery's dry run). */
  async dryRun(sql: string): Promise<DryRunOutcome> {
    const statement = translateStatement(sql, this.catalog)
    return { kind: statement.kind, bytesProcessed: this.estimate(statement) }
  }

  async run(sql: string): Promise<RunOutcome> {
    const statement = translateStatement(sql, this.catalog)
    const bytesProcessed = this.estimate(statement)
    const empty: SqlResultSet = { columns: [], rows: [], rowCount: 0, truncated: false, durationMs: 0 }
    switch (statement.kind) {
      case 'query': {
        const result = await this.query(statement.duckSql)
        return {
          kind: 'query',
          bytesProcessed,
          orderBy: statement.orderByColumns,
          result: {
            columns: result.columns.map((column) => ({ name: column.name, ...comparatorTypeOf(column.type) })),
            rows: result.rows,
            rowCount: result.rows.length,
            truncated: result.truncated,
            durationMs: result.durationMs,
          },
        }
      }
      case 'create_table': {
        const started = performance.now()
        const created = await this.createTable(statement)
        const createdTable = created ? { columns: created.columns, partitioning: created.partitioning, clustering: created.clustering } : undefined
        return { kind: statement.kind, bytesProcessed, orderBy: null, result: { ...empty, durationMs: performance.now() - started }, ...(createdTable ? { createdTable } : {}) }
      }
      case 'create_external_table': {
        const started = performance.now()
        await this.createExternalTable(statement)
        return { kind: statement.kind, bytesProcessed, orderBy: null, result: { ...empty, durationMs: performance.now() - started } }
      }
    }
  }

  close(): void {
    this.sandbox.close()
  }

  private async query(duckSql: string, options?: { maxRows?: number }) {
    try {
      return await this.sandbox.query(duckSql, options)
    } catch (error) {
      if (error instanceof DuckDbTimeoutError) throw new BigQueryRuntimeError(error.message)
      if (error instanceof DuckDbRuntimeError) throw new BigQueryRuntimeError(bigQueryMessage(error.message))
      throw error
    }
  }

  private existing(statement: { target: { dataset: string; name: string }; orReplace: boolean; ifNotExists: boolean }): 'create' | 'skip' | 'replace-view' | 'replace-table' {
    const existing = this.catalog.get(statement.target.dataset, statement.target.name)
    if (!existing) return 'create'
    if (statement.ifNotExists) return 'skip'
    if (!statement.orReplace) throw new BigQueryRuntimeError(`Already Exists: Table ${statement.target.dataset}.${statement.target.name}`)
    return existing.kind === 'external' ? 'replace-view' : 'replace-table'
  }

  private async describe(schema: string, name: string) {
    return describeRows((await this.query(`DESCRIBE ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`)).rows)
  }

  /** The table made, or null when IF NOT EXISTS found one already there. */
  private async createTable(statement: Extract<TranslatedStatement, { kind: 'create_table' }>): Promise<CatalogTable | null> {
    const existing = this.existing(statement)
    if (existing === 'skip') return null
    const duckdb = { schema: Catalog.scratchSchema(statement.target.dataset), name: statement.target.name }
    if (existing === 'replace-view') await this.query(`DROP VIEW ${quoteIdentifier(duckdb.schema)}.${quoteIdentifier(duckdb.name)}`)
    const qualified = `${quoteIdentifier(duckdb.schema)}.${quoteIdentifier(duckdb.name)}`
    await this.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(duckdb.schema)}`)
    await this.query(`CREATE OR REPLACE TABLE ${qualified} AS ${statement.duckSelectSql}`)
    const { columns, duckTypes } = await this.describe(duckdb.schema, duckdb.name)
    const fail = async (message: string): Promise<never> => {
      await this.query(`DROP TABLE ${qualified}`)
      throw new BigQueryRuntimeError(message)
    }
    const columnNamed = (name: string) => columns.find((column) => column.name.toLowerCase() === name.toLowerCase())
    const names = new Set<string>()
    for (const column of columns) {
      if (names.has(column.name.toLowerCase())) await fail(`Duplicate column names in the result are not supported. Found duplicate(s): ${column.name}`)
      names.add(column.name.toLowerCase())
    }
    let partitioning = null
    if (statement.partitioning) {
      const column = columnNamed(statement.partitioning.column)
      if (!column) return fail(`Unrecognized name: ${statement.partitioning.column} in PARTITION BY`)
      const allowed = statement.partitioning.bareColumn ? ['DATE'] : ['DATE', 'DATETIME', 'TIMESTAMP']
      if (!allowed.includes(column.type)) {
        return fail(
          statement.partitioning.bareColumn
            ? `PARTITION BY expression must be DATE(<timestamp_column>) or a DATE column; ${column.name} is ${column.type}`
            : `Partitioning column ${column.name} must be of type DATE, DATETIME or TIMESTAMP, not ${column.type}`,
        )
      }
      partitioning = { column: column.name, unit: statement.partitioning.unit }
    }
    const clustering: string[] = []
    for (const name of statement.clustering) {
      const column = columnNamed(name)
      if (!column) return fail(`Unrecognized name: ${name} in CLUSTER BY`)
      if (column.type === 'FLOAT64' || column.type === 'ARRAY' || column.type === 'STRUCT' || column.type === 'JSON') {
        return fail(`Clustering on ${column.type} column ${column.name} is not supported`)
      }
      clustering.push(column.name)
    }
    const table: CatalogTable = { dataset: statement.target.dataset, name: statement.target.name, kind: 'native', columns, partitioning, clustering, duckdb }
    this.stats.set(tableKey(table.dataset, table.name), await computeTableStats(table, async (sql) => (await this.query(sql)).rows, duckTypes))
    this.catalog.put(table)
    return table
  }

  private matchUris(uris: string[]): string[] {
    const matched = new Set<string>()
    for (const uri of uris) {
      if (!uri.startsWith('gs://')) throw new BigQueryRuntimeError(`Invalid uri ${uri}: external table uris start with gs://`)
      const pattern = globToRegExp(uri.slice(uri.lastIndexOf('/') + 1))
      const files = this.externalFiles.filter((file) => pattern.test(path.basename(file)))
      if (files.length === 0) {
        const known = this.externalFiles.map((file) => path.basename(file)).join(', ')
        throw new BigQueryRuntimeError(`Not found: Files ${uri} (locally, uris name the course's files by file name: ${known || 'none'})`)
      }
      for (const file of files) matched.add(file)
    }
    return [...matched].sort()
  }

  private async createExternalTable(statement: Extract<TranslatedStatement, { kind: 'create_external_table' }>): Promise<void> {
    const existing = this.existing(statement)
    if (existing === 'skip') return
    const files = this.matchUris(statement.uris)
    const duckdb = { schema: Catalog.scratchSchema(statement.target.dataset), name: statement.target.name }
    if (existing === 'replace-table') await this.query(`DROP TABLE ${quoteIdentifier(duckdb.schema)}.${quoteIdentifier(duckdb.name)}`)
    await this.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(duckdb.schema)}`)
    await this.query(
      `CREATE OR REPLACE VIEW ${quoteIdentifier(duckdb.schema)}.${quoteIdentifier(duckdb.name)} AS SELECT * FROM read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = true)`,
    )
    const { columns } = await this.describe(duckdb.schema, duckdb.name)
    this.catalog.put({ dataset: statement.target.dataset, name: statement.target.name, kind: 'external', columns, partitioning: null, clustering: [], duckdb })
  }
}

export { BigQueryRejectedError, BigQueryRuntimeError }
