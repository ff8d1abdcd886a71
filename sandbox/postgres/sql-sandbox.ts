// The transaction-level SQL sandbox: runs one learner statement on a pooled connection that is
// logged in as the restricted role, inside a transaction that is always rolled back, reading the
// result through a cursor with row and byte caps, under a deadline enforced from outside the session.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { z } from 'zod'
import { checkSql, type StatementKind, writingKinds } from './check-sql.ts'
import type { ConnectionBudget } from './connection-budget.ts'
import {
  redactSecrets,
  SandboxUnavailableError,
  secretsOfUrl,
  SqlRejectedError,
  SqlRunAbortedError,
  SqlRuntimeError,
  SqlTimeoutError,
} from './errors.ts'
import { quoteIdentifier, quoteLiteral, sqlIdentifier } from './identifiers.ts'
import { Watchdog } from './watchdog.ts'

export const sqlRunLimitsSchema = z.object({
  /** The learner statement's statement_timeout; the watchdog acts `watchdogGraceMs` later. */
  statementTimeoutMs: z.number().int().min(10).max(600_000).default(5_000),
  lockTimeoutMs: z.number().int().positive().default(1_000),
  watchdogGraceMs: z.number().int().positive().default(1_000),
  /** Rows returned; more are not read and the result is marked truncated. */
  maxRows: z.number().int().positive().default(1_000),
  /** UTF-8 bytes of all returned values; the same truncation applies. */
  maxResultBytes: z.number().int().positive().default(2 * 1024 * 1024),
  /** Rows fetched per round trip from the cursor. */
  batchRows: z.number().int().positive().default(500),
  maxSqlBytes: z.number().int().positive().default(64 * 1024),
})
export type SqlRunLimits = z.infer<typeof sqlRunLimitsSchema>
export type SqlRunLimitsInput = z.input<typeof sqlRunLimitsSchema>

export const sqlSandboxConfigSchema = z.object({
  /** Superuser (or pg_signal_backend member) URL, used only by the watchdog. */
  watchdogUrl: z.string().min(1),
  /** Open connections kept per database. */
  poolSize: z.number().int().positive().max(100).default(4),
  limits: sqlRunLimitsSchema.default(sqlRunLimitsSchema.parse({})),
  schema: sqlIdentifier.default('nyc_taxi'),
  /** Where DDL/DML kinds create their objects (see ensureSandboxRole). */
  scratchSchema: sqlIdentifier.default('learner_scratch'),
  idleTimeoutMs: z.number().int().positive().default(60_000),
  connectTimeoutMs: z.number().int().positive().default(10_000),
})

export interface SqlSandboxOptions extends z.input<typeof sqlSandboxConfigSchema> {
  /** Connection URL as the restricted role for a database (from ensureSandboxRole). */
  learnerUrl: (database: string) => string
  /** Caps the connections kept open across every database (shared by sandboxes of one process); none: a pool's `poolSize` each. */
  connectionBudget?: ConnectionBudget
}

export interface SqlColumn {
  name: string
  typeOid: number
  /** PostgreSQL's name for the type, e.g. integer, numeric, text, timestamp without time zone. */
  typeName: string
}

export interface SqlRunResult<T = undefined> {
  kind: StatementKind
  /** The command tag's verb: SELECT, INSERT, CREATE TABLE AS … */
  command: string
  columns: SqlColumn[]
  /** Values as PostgreSQL's text output (null for NULL); compare them knowing the column types. */
  rows: (string | null)[][]
  /** Rows affected or returned, from the command tag; the rows read when truncated. */
  rowCount: number
  truncated: boolean
  /** Time spent executing and reading the learner statement. */
  durationMs: number
  /** What `afterStatement` returned. */
  after: T
}

/** The learner's connection inside the open transaction, for checks that must see its effects. */
export type SandboxClient = pg.PoolClient

export interface SqlRunOptions<T = undefined> {
  allowed?: StatementKind[]
  limits?: Partial<SqlRunLimitsInput>
  /** Runs first, in the same transaction (e.g. create a table a DML question works on). */
  beforeStatement?: (client: SandboxClient) => Promise<void>
  /** Runs after the statement, before the rollback (e.g. inspect a created table). */
  afterStatement?: (client: SandboxClient) => Promise<T>
  /** Cancels the run (the watchdog acts at once) and makes it reject with SqlRunAbortedError. */
  signal?: AbortSignal
}

export interface SqlSandbox {
  run<T = undefined>(database: string, sql: string, options?: SqlRunOptions<T>): Promise<SqlRunResult<T>>
  /** Opens the pool's connections ahead of time, so the first runs pay no connection cost. */
  warm(database: string): Promise<void>
  /** Closes the connections to one database (before it is dropped, e.g. a retired dataset variant). */
  release(database: string): Promise<void>
  close(): Promise<void>
}

/** Every value stays PostgreSQL's text output: the comparator does type-aware comparison itself. */
const textOutput = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig

const connectionLostCodes = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006'])

type Row = (string | null)[]

function readBatch(cursor: Cursor<Row>, count: number) {
  return new Promise<{ rows: Row[]; result?: pg.QueryResult }>((resolve, reject) => {
    cursor.read(count, (error, rows, result) => (error ? reject(error) : resolve({ rows, result })))
  })
}

function rowBytes(row: Row) {
  let bytes = 0
  for (const value of row) bytes += value === null ? 0 : Buffer.byteLength(value, 'utf8')
  return bytes
}

function dropSocket(client: pg.PoolClient) {
  ;(client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy()
}

export function createSqlSandbox(options: SqlSandboxOptions): SqlSandbox {
  const config = sqlSandboxConfigSchema.parse(options)
  const pools = new Map<string, { pool: pg.Pool; secrets: string[] }>()
  const typeNames = new Map<number, string>()
  const watchdog = new Watchdog(config.watchdogUrl)
  const watchdogSecrets = secretsOfUrl(config.watchdogUrl)
  const pendingResets = new Set<Promise<void>>()

  function poolFor(database: string) {
    let entry = pools.get(sqlIdentifier.parse(database))
    if (!entry) {
      const url = options.learnerUrl(database)
      const pool = new pg.Pool({
        connectionString: url,
        max: config.poolSize,
        idleTimeoutMillis: config.idleTimeoutMs,
        connectionTimeoutMillis: config.connectTimeoutMs,
        application_name: 'syllabus-sql-sandbox',
        types: textOutput,
      })
      // An idle connection that dies (server restart, watchdog) is simply replaced.
      pool.on('error', () => {})
      options.connectionBudget?.add(pool)
      entry = { pool, secrets: [...secretsOfUrl(url), ...watchdogSecrets] }
      pools.set(database, entry)
    }
    return entry
  }

  async function checkOut(database: string) {
    const { pool, secrets } = poolFor(database)
    try {
      return { client: await (options.connectionBudget ? options.connectionBudget.connect(pool) : pool.connect()), secrets }
    } catch (error) {
      throw new SandboxUnavailableError(
        `cannot connect to ${database} as the sandbox role: ${redactSecrets(String((error as Error).message), secrets)}`,
      )
    }
  }

  function preamble(kind: StatementKind, limits: SqlRunLimits, runTag: string) {
    const writing = writingKinds.has(kind)
    const searchPath = writing
      ? `${quoteIdentifier(config.scratchSchema)}, ${quoteIdentifier(config.schema)}`
      : quoteIdentifier(config.schema)
    // One simple-protocol message, one round trip. These SETs are ours; learner SET is refused.
    return [
      `BEGIN ${writing ? 'READ WRITE' : 'READ ONLY'}`,
      `SET LOCAL statement_timeout = ${limits.statementTimeoutMs}`,
      `SET LOCAL lock_timeout = ${limits.lockTimeoutMs}`,
      `SET LOCAL search_path = ${searchPath}`,
      `SET LOCAL application_name = ${quoteLiteral(runTag)}`,
    ].join('; ')
  }

  async function describeColumns(client: pg.PoolClient, fields: pg.FieldDef[]): Promise<SqlColumn[]> {
    const unknown = [...new Set(fields.map((field) => field.dataTypeID).filter((oid) => !typeNames.has(oid)))]
    if (unknown.length > 0) {
      const { rows } = await client.query<{ oid: string; name: string }>(
        'SELECT oid::pg_catalog.int4 AS oid, pg_catalog.format_type(oid, NULL) AS name FROM pg_catalog.pg_type WHERE oid = ANY($1::pg_catalog.oid[])',
        [unknown],
      )
      for (const row of rows) typeNames.set(Number(row.oid), row.name)
    }
    return fields.map((field) => ({
      name: field.name,
      typeOid: field.dataTypeID,
      typeName: typeNames.get(field.dataTypeID) ?? 'unknown',
    }))
  }

  async function readResult(client: pg.PoolClient, sql: string, limits: SqlRunLimits) {
    const cursor = client.query(new Cursor<Row>(sql, undefined, { rowMode: 'array', types: textOutput }))
    const rows: Row[] = []
    let bytes = 0
    let truncated = false
    let result: pg.QueryResult | undefined
    for (;;) {
      const wanted = Math.min(limits.batchRows, limits.maxRows + 1 - rows.length)
      const batch = await readBatch(cursor, wanted)
      result = batch.result ?? result
      for (const row of batch.rows) {
        const size = rowBytes(row)
        if (rows.length >= limits.maxRows || bytes + size > limits.maxResultBytes) {
          truncated = true
          break
        }
        bytes += size
        rows.push(row)
      }
      if (truncated || batch.rows.length < wanted) break
    }
    // Only an unfinished portal needs closing; closing a finished one would wait for nothing.
    if (truncated) await cursor.close()
    return { rows, truncated, result }
  }

  function toRunError(error: unknown, timedOut: boolean, limits: SqlRunLimits, secrets: string[]) {
    if (error instanceof SqlRejectedError || error instanceof SqlRuntimeError || error instanceof SandboxUnavailableError)
      return error
    const code = (error as { code?: unknown }).code
    if (timedOut || code === '57014') return new SqlTimeoutError(limits.statementTimeoutMs)
    const message = redactSecrets(String((error as Error).message ?? error), secrets)
    if (error instanceof pg.DatabaseError && typeof code === 'string' && !connectionLostCodes.has(code)) {
      const position = Number(error.position)
      return new SqlRuntimeError(
        message,
        code,
        Number.isInteger(position) && position > 0 ? position : undefined,
        error.hint ? redactSecrets(error.hint, secrets) : undefined,
        error.detail ? redactSecrets(error.detail, secrets) : undefined,
      )
    }
    return new SandboxUnavailableError(`the sandbox connection failed: ${message}`)
  }

  async function run<T = undefined>(
    database: string,
    sql: string,
    runOptions: SqlRunOptions<T> = {},
  ): Promise<SqlRunResult<T>> {
    const limits = sqlRunLimitsSchema.parse({ ...config.limits, ...runOptions.limits })
    const { signal } = runOptions
    const { kind } = await checkSql(sql, { allowed: runOptions.allowed ?? ['select'], maxBytes: limits.maxSqlBytes })
    if (signal?.aborted) throw new SqlRunAbortedError()
    const { client, secrets } = await checkOut(database)
    const onConnectionError = () => {
      // Reported through the pending query; without a listener it would crash the process.
    }
    client.on('error', onConnectionError)
    const runTag = `syllabus-run-${randomBytes(6).toString('hex')}`
    const processId = (client as unknown as { processID: number }).processID
    const watch = watchdog.arm(
      { pid: processId, runTag, dropConnection: () => dropSocket(client) },
      limits.statementTimeoutMs,
      limits.watchdogGraceMs,
    )
    let aborted = false
    const onAbort = () => {
      aborted = true
      watch.stopNow()
    }
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    let released = false
    let resetStarted = false
    /** Gives the connection back, or destroys it: anything but a clean reset must not be reused. */
    const release = (reusable: boolean) => {
      if (released) return
      released = true
      watch.disarm()
      signal?.removeEventListener('abort', onAbort)
      client.off('error', onConnectionError)
      client.release(reusable ? undefined : true)
    }
    /**
     * ROLLBACK, then DISCARD ALL (which refuses to run in a transaction block, so it is a round trip
     * of its own), then back to the pool. It runs after run() has returned: the caller does not wait
     * for two round trips, and the connection is not reused before they are done.
     */
    const resetInBackground = () => {
      resetStarted = true
      const resetting = (async () => {
        await client.query('ROLLBACK')
        await client.query('DISCARD ALL')
      })().then(
        () => release(!watch.fired),
        () => release(false),
      )
      pendingResets.add(resetting)
      void resetting.finally(() => pendingResets.delete(resetting))
    }
    /** Our own round trips: their failure is the sandbox's, never the learner's. */
    const ours = async <R>(work: () => Promise<R>): Promise<R> => {
      try {
        return await work()
      } catch (error) {
        if (aborted) throw new SqlRunAbortedError()
        if (watch.fired) throw new SqlTimeoutError(limits.statementTimeoutMs)
        throw new SandboxUnavailableError(`sandbox round trip failed: ${redactSecrets(String((error as Error).message), secrets)}`)
      }
    }
    try {
      await ours(() => client.query(preamble(kind, limits, runTag)))
      // Errors from the caller's own callbacks are the caller's: they pass through untouched.
      if (runOptions.beforeStatement) await runOptions.beforeStatement(client)
      const started = performance.now()
      let output: Awaited<ReturnType<typeof readResult>>
      try {
        output = await readResult(client, sql, limits)
      } catch (error) {
        if (aborted) throw new SqlRunAbortedError()
        const runError = toRunError(error, watch.fired, limits, secrets)
        // A plain SQL error leaves a healthy session: reset it and keep it.
        if (runError instanceof SqlRuntimeError && !(runError instanceof SqlTimeoutError)) resetInBackground()
        throw runError
      }
      const durationMs = performance.now() - started
      const columns = await ours(() => describeColumns(client, output.result?.fields ?? []))
      const after = runOptions.afterStatement ? await runOptions.afterStatement(client) : (undefined as T)
      if (aborted) throw new SqlRunAbortedError()
      if (watch.fired) throw new SqlTimeoutError(limits.statementTimeoutMs)
      resetInBackground()
      return {
        kind,
        command: output.result?.command ?? '',
        columns,
        rows: output.rows,
        rowCount: output.truncated ? output.rows.length : (output.result?.rowCount ?? output.rows.length),
        truncated: output.truncated,
        durationMs,
        after,
      }
    } catch (error) {
      if (aborted) throw new SqlRunAbortedError()
      if (watch.fired && !(error instanceof SqlTimeoutError)) throw new SqlTimeoutError(limits.statementTimeoutMs)
      throw error
    } finally {
      // Without a reset under way (timeouts, lost connections, callback errors) the connection goes.
      if (!resetStarted) release(false)
    }
  }

  return {
    run,
    async warm(database) {
      const clients = await Promise.all(Array.from({ length: config.poolSize }, () => checkOut(database)))
      for (const { client } of clients) client.release()
    },
    async release(database) {
      const entry = pools.get(database)
      if (!entry) return
      pools.delete(database)
      options.connectionBudget?.remove(entry.pool)
      await entry.pool.end()
    },
    async close() {
      await Promise.all([...pendingResets])
      for (const { pool } of pools.values()) options.connectionBudget?.remove(pool)
      await Promise.all([...pools.values()].map(({ pool }) => pool.end()))
      pools.clear()
      await watchdog.close()
    },
  }
}
