// The scratch database of an ingestion question (docs/sandbox-docker.md, "Ingestion tasks"): how
// the sandbox reaches it (a libpq string through the mounted socket folder) and the checks' queries
// run on it after the container has ended.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { SANDBOX_PATHS } from '../../sandbox/docker/index.ts'
import { quoteIdentifier, withDatabase } from '../../sandbox/postgres/identifiers.ts'
import type { ScratchDatabase, ScratchGuardLimits } from '../../sandbox/postgres/index.ts'
import { Watchdog } from '../../sandbox/postgres/watchdog.ts'
import type { ScriptCheck } from './checks-spec.ts'

/** Where questions that need a database get one. */
export interface GradingDatabase {
  /** Superuser URL of the grading cluster, to make and drop each run's scratch database. */
  adminUrl: string
  /** The cluster's dedicated Unix-socket folder (unix_socket_directories): only its socket and lock file. */
  socketDir: string
  /** The database each run's scratch copy is cloned from. */
  template: string
  /** Disk and CPU bounds of each run's scratch database (scratch-database-guard.ts); CPU defaults to the question's time limit. */
  limits?: ScratchGuardLimits
}

/** Server-side cap of one check query; the client gives up a little later and the watchdog then cancels, terminates, drops. */
export const CHECK_QUERY_TIMEOUT_MS = 20_000
const CHECK_QUERY_GRACE_MS = 2_000

/**
 * Rows a check's query returned, or why it could not run: `not-plain-tables` when the database holds
 * views, functions, rules or policies (objects that run code when read), `failed` otherwise.
 */
export type QueryOutcome = { rows: unknown[][] } | { failed: true; why?: 'not-plain-tables' }

/**
 * Objects of the learner that could run code when a check reads a table: views and materialized or
 * foreign tables, functions of any kind (not an extension's), rules, row-level policies. A check reads
 * plain tables only; anything else where a table is expected fails it without being read.
 */
const CODE_ON_READ = `
  SELECT (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema'))
       + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'))
       + (SELECT count(*) FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
           WHERE c.relkind NOT IN ('v', 'm') AND c.relnamespace <> 'pg_catalog'::pg_catalog.regnamespace)
       + (SELECT count(*) FROM pg_catalog.pg_policy) AS objects`

/** A libpq connection string for inside the sandbox: the scratch database through the mounted socket. */
export function socketConnectionString(scratchUrl: string): string {
  const url = new URL(scratchUrl)
  const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  return [
    `host=${SANDBOX_PATHS.database}`,
    `port=${url.port || '5432'}`,
    `dbname=${quote(decodeURIComponent(url.pathname.slice(1)))}`,
    `user=${quote(decodeURIComponent(url.username))}`,
    `password=${quote(decodeURIComponent(url.password))}`,
  ].join(' ')
}

function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return value.toString('hex')
  return value
}

/**
 * Runs the checks' queries on the scratch database after the container has ended: first every other
 * session on it is ended (a frozen learner's connection could hold locks), then each query runs as
 * the one-off role — never as a superuser, since the learner may have created functions — in a
 * read-only transaction with our own search_path, so nothing the learner defined can stand in for
 * a catalog function.
 */
export async function runCheckQueries(adminUrl: string, scratch: ScratchDatabase, schema: string, checks: ScriptCheck[]) {
  const outcomes = new Map<ScriptCheck, QueryOutcome>()
  if (checks.length === 0) return outcomes
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'syllabus-python-checks' })
  admin.on('error', () => {})
  await admin.connect()
  try {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [scratch.database])
  } finally {
    await admin.end().catch(() => {})
  }
  if (await holdsCodeOnRead(adminUrl, scratch)) {
    for (const check of checks) outcomes.set(check, { failed: true, why: 'not-plain-tables' })
    return outcomes
  }
  // The tag names this client only, so the watchdog's cancel or terminate never reaches another session.
  const runTag = `syllabus-python-checks-${randomBytes(6).toString('hex')}`
  const client = new pg.Client({
    connectionString: scratch.url,
    application_name: runTag,
    statement_timeout: CHECK_QUERY_TIMEOUT_MS,
    // Client-side: a server that does not end the statement (a trapped cancel) is given up on here.
    query_timeout: CHECK_QUERY_TIMEOUT_MS + CHECK_QUERY_GRACE_MS,
    connectionTimeoutMillis: 10_000,
  })
  client.on('error', () => {})
  await client.connect()
  const watchdog = new Watchdog(adminUrl)
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid
    await client.query(`SET search_path = pg_catalog, ${quoteIdentifier(schema)}`)
    for (const check of checks) {
      // From outside the session: cancel, then terminate, then drop the socket, whatever the query traps.
      const armed = watchdog.arm(
        { pid, runTag, dropConnection: () => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy() },
        CHECK_QUERY_TIMEOUT_MS,
        CHECK_QUERY_GRACE_MS,
      )
      try {
        await client.query('BEGIN READ ONLY')
        const result = await client.query({ text: check.expect_query!.sql, rowMode: 'array' })
        outcomes.set(check, { rows: (result.rows as unknown[][]).map((row) => row.map(plainValue)) })
      } catch {
        outcomes.set(check, { failed: true })
      } finally {
        await client.query('ROLLBACK').catch(() => {})
        armed.disarm()
      }
      // A fired watchdog may have ended the session: the remaining checks fail rather than wait again.
      if (armed.fired) {
        for (const rest of checks) if (!outcomes.has(rest)) outcomes.set(rest, { failed: true })
        break
      }
    }
  } finally {
    await client.end().catch(() => {})
    await watchdog.close().catch(() => {})
  }
  return outcomes
}

/** True when the scratch database holds something that runs code when read (CODE_ON_READ). */
async function holdsCodeOnRead(adminUrl: string, scratch: ScratchDatabase): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, scratch.database), application_name: 'syllabus-python-checks' })
  client.on('error', () => {})
  await client.connect()
  try {
    const { rows } = await client.query<{ objects: string }>(CODE_ON_READ)
    return Number(rows[0]!.objects) > 0
  } finally {
    await client.end().catch(() => {})
  }
}
