// Runs SQL on DuckDB over a fixed set of Parquet files, and nothing else: one in-memory DuckDB per
// sandbox, views over the given files created before file access is switched off, then the
// configuration locked so no statement can switch it back on. Memory, threads and temp-file
// spilling are capped; a statement past its deadline is interrupted. Knows nothing of courses.
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { access } from 'node:fs/promises'
import { DuckDbRuntimeError, DuckDbTimeoutError, DuckDbUnavailableError } from './errors.ts'
import { type DuckDbLimits, type DuckDbLimitsInput, duckDbLimitsSchema } from './limits.ts'

/** A view `schema.name` over the union of the given Parquet files. */
export interface ParquetView {
  schema: string
  name: string
  files: string[]
}

export interface DuckDbColumn {
  name: string
  /** DuckDB's type name, e.g. BIGINT, DOUBLE, DECIMAL(10,2), TIMESTAMP, VARCHAR, INTEGER[]. */
  type: string
}

export interface DuckDbResult {
  columns: DuckDbColumn[]
  /** Values as DuckDB's text form; NULL is null. */
  rows: (string | null)[][]
  truncated: boolean
  durationMs: number
}

export interface DuckDbSandbox {
  readonly limits: DuckDbLimits
  /** Runs one statement. DuckDbRuntimeError for DuckDB's errors, DuckDbTimeoutError past the deadline. */
  query(sql: string, options?: { timeoutMs?: number; maxRows?: number }): Promise<DuckDbResult>
  close(): void
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

function duckDbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/^Error:\s*/, '').trim()
}

/**
 * Opens a sandbox. Every file must exist: a missing one is DuckDbUnavailableError (the data was
 * not exported), never a learner-visible runtime error.
 */
export async function openDuckDbSandbox(views: readonly ParquetView[], limitsInput: DuckDbLimitsInput = {}): Promise<DuckDbSandbox> {
  const limits = duckDbLimitsSchema.parse(limitsInput)
  const files = [...new Set(views.flatMap((view) => view.files))]
  for (const file of files) {
    try {
      await access(file)
    } catch {
      throw new DuckDbUnavailableError(`Data file missing: ${file} (export the datasets first: syllabus dataset export)`)
    }
  }
  let instance: DuckDBInstance
  let connection: DuckDBConnection
  try {
    instance = await DuckDBInstance.create(':memory:', {
      threads: String(limits.threads),
      memory_limit: limits.memoryLimit,
      // No spilling to disk: a query that does not fit in memory_limit fails instead.
      max_temp_directory_size: '0B',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    })
    connection = await instance.connect()
  } catch (error) {
    throw new DuckDbUnavailableError(`DuckDB failed to start: ${duckDbMessage(error)}`)
  }
  try {
    // Reading is allowed for exactly these files; every other file system operation is refused.
    if (files.length > 0) await connection.run(`SET allowed_paths = [${files.map(quoteLiteral).join(', ')}]`)
    await connection.run('SET enable_external_access = false')
    for (const schema of new Set(views.map((view) => view.schema))) await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
    for (const view of views) {
      await connection.run(
        `CREATE VIEW ${quoteIdentifier(view.schema)}.${quoteIdentifier(view.name)} AS SELECT * FROM read_parquet([${view.files.map(quoteLiteral).join(', ')}], union_by_name = true)`,
      )
    }
    await connection.run('SET lock_configuration = true')
  } catch (error) {
    connection.closeSync()
    instance.closeSync()
    throw new DuckDbUnavailableError(`DuckDB could not attach the data: ${duckDbMessage(error)}`)
  }
  let closed = false
  // One statement at a time per connection: interrupt() stops whatever the connection runs.
  let queue: Promise<unknown> = Promise.resolve()

  async function runOne(sql: string, timeoutMs: number, maxRows: number): Promise<DuckDbResult> {
    if (closed) throw new DuckDbUnavailableError('The DuckDB sandbox is closed')
    const started = performance.now()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      connection.interrupt()
    }, timeoutMs)
    try {
      const reader = await connection.runAndReadUntil(sql, maxRows + 1)
      const names = reader.columnNames()
      const types = reader.columnTypes().map((type) => type.toString())
      const all = reader.getRows()
      const rows = all.slice(0, maxRows).map((row) => row.map((value) => (value === null ? null : String(value))))
      return {
        columns: names.map((name, index) => ({ name, type: types[index]! })),
        rows,
        truncated: all.length > maxRows || !reader.done,
        durationMs: performance.now() - started,
      }
    } catch (error) {
      if (timedOut) throw new DuckDbTimeoutError(timeoutMs)
      throw new DuckDbRuntimeError(duckDbMessage(error))
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    limits,
    query(sql, options = {}) {
      const run = queue.then(() => runOne(sql, options.timeoutMs ?? limits.timeoutMs, options.maxRows ?? limits.maxRows))
      queue = run.catch(() => undefined)
      return run
    },
    close() {
      if (closed) return
      closed = true
      connection.closeSync()
      instance.closeSync()
    },
  }
}
