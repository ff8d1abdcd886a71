// The scratch database of an ingestion question (docs/sandbox-docker.md, "Ingestion tasks"): how
// the sandbox reaches it (a libpq string through the mounted socket folder) and the checks' queries
// run on it after the container has ended.
import pg from 'pg'
import { SANDBOX_PATHS } from '../../sandbox/docker/index.ts'
import { quoteIdentifier } from '../../sandbox/postgres/identifiers.ts'
import type { ScratchDatabase } from '../../sandbox/postgres/index.ts'
import type { ScriptCheck } from './checks-spec.ts'

/** Where questions that need a database get one. */
export interface GradingDatabase {
  /** Superuser URL of the grading cluster, to make and drop each run's scratch database. */
  adminUrl: string
  /** The cluster's dedicated Unix-socket folder (unix_socket_directories): only its socket and lock file. */
  socketDir: string
  /** The database each run's scratch copy is cloned from. */
  template: string
}

/** Rows a check's query returned, or why it could not run. */
export type QueryOutcome = { rows: unknown[][] } | { failed: true }

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
  const client = new pg.Client({ connectionString: scratch.url, application_name: 'syllabus-python-checks', statement_timeout: 20_000 })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(`SET search_path = pg_catalog, ${quoteIdentifier(schema)}`)
    for (const check of checks) {
      try {
        await client.query('BEGIN READ ONLY')
        const result = await client.query({ text: check.expect_query!.sql, rowMode: 'array' })
        outcomes.set(check, { rows: (result.rows as unknown[][]).map((row) => row.map(plainValue)) })
      } catch {
        outcomes.set(check, { failed: true })
      } finally {
        await client.query('ROLLBACK').catch(() => {})
      }
    }
  } finally {
    await client.end().catch(() => {})
  }
  return outcomes
}
