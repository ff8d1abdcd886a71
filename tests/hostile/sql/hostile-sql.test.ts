// Runs the hostile SQL corpus (cases.ts) through the transaction-level sandbox. For every case:
// the outcome is the expected clean, typed one; the dataset's content is unchanged; nothing the
// learner sees holds a password; and the sandbox still answers a trivial query correctly.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SqlRejectedError, SqlRuntimeError, SqlTimeoutError } from '../../../sandbox/postgres/errors.ts'
import { ensureSandboxRole, type SandboxRole } from '../../../sandbox/postgres/provision-role.ts'
import { createSqlSandbox, type SqlRunResult, type SqlSandbox } from '../../../sandbox/postgres/sql-sandbox.ts'
import {
  createSmallNycTaxiDatabase,
  databaseChecksum,
  type SmallNycTaxiDatabase,
} from '../../../sandbox/postgres/testing/small-nyc-taxi.ts'
import { type HostileOutcome, type HostileSqlCase, hostileSqlCases } from './cases.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const adminPassword = decodeURIComponent(new URL(clusterAdminUrl).password)
const checkedSchemas = ['nyc_taxi', 'learner_scratch', 'public']
let dataset: SmallNycTaxiDatabase
let role: SandboxRole
let sandbox: SqlSandbox
let checksumBefore: string

beforeAll(async () => {
  dataset = await createSmallNycTaxiDatabase(clusterAdminUrl, 'sbx_hostile')
  role = await ensureSandboxRole(clusterAdminUrl, {
    databases: [dataset.database],
    roleName: `learner_${randomBytes(4).toString('hex')}`,
    // Small, so spills fail fast and deterministically instead of racing the timeout.
    settings: { tempFileLimit: '16MB', workMem: '4MB' },
    closeDatabasesToPublic: [],
  })
  sandbox = createSqlSandbox({
    learnerUrl: role.learnerUrl,
    watchdogUrl: clusterAdminUrl,
    poolSize: 2,
    limits: { statementTimeoutMs: 1_000, watchdogGraceMs: 500, maxRows: 1_000, maxResultBytes: 1024 * 1024 },
  })
  checksumBefore = await databaseChecksum(dataset.adminUrl, checkedSchemas)
}, 120_000)

afterAll(async () => {
  await sandbox?.close()
  await dataset?.drop()
})

type Outcome = { outcome: HostileOutcome; error?: unknown; result?: SqlRunResult<string | undefined> }

async function runCase(hostile: HostileSqlCase): Promise<Outcome> {
  try {
    const result = await sandbox.run(dataset.database, hostile.sql, {
      allowed: hostile.allowed,
      afterStatement: hostile.check
        ? async (client) => {
            const { rows } = await client.query({ text: hostile.check!.sql, rowMode: 'array' })
            return String(rows[0]?.[0])
          }
        : undefined,
    })
    return { outcome: result.truncated ? 'ok-truncated' : 'ok', result }
  } catch (error) {
    if (error instanceof SqlRejectedError) return { outcome: 'rejected', error }
    if (error instanceof SqlTimeoutError) return { outcome: 'timeout', error }
    if (error instanceof SqlRuntimeError) return { outcome: 'runtime-error', error }
    // SandboxUnavailableError or anything else is not a clean end for a learner's statement.
    throw error
  }
}

/** Everything a learner could be shown from this run. */
function learnerVisibleText({ error, result }: Outcome) {
  if (result) return JSON.stringify(result)
  const { message, hint, detail } = error as { message: string; hint?: string; detail?: string }
  return [message, hint, detail].join('\n')
}

describe('hostile SQL corpus', () => {
  test('has at least 60 cases with distinct names', () => {
    expect(hostileSqlCases.length).toBeGreaterThanOrEqual(60)
    expect(new Set(hostileSqlCases.map((hostile) => hostile.name)).size).toBe(hostileSqlCases.length)
  })

  test.each(hostileSqlCases.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    const outcome = await runCase(hostile)
    const summary = outcome.error ? `${(outcome.error as Error).constructor.name}: ${(outcome.error as Error).message}` : ''
    expect(outcome.outcome, summary).toBe(hostile.expect)
    if (hostile.reason) expect((outcome.error as SqlRejectedError).reason).toBe(hostile.reason)
    if (hostile.code) expect((outcome.error as SqlRuntimeError).code, summary).toBe(hostile.code)
    if (hostile.check) expect(outcome.result?.after).toBe(hostile.check.value)

    const visible = learnerVisibleText(outcome)
    expect(visible).not.toContain(adminPassword)
    expect(visible).not.toContain(role.password)

    expect(await databaseChecksum(dataset.adminUrl, checkedSchemas)).toBe(checksumBefore)
    const trivial = await sandbox.run(dataset.database, 'SELECT count(*), current_user FROM taxi_zone_lookup')
    expect(trivial.rows).toEqual([['265', role.role]])
  })

  test('afterwards: no learner session is left in a transaction, holds a lock, or keeps a prepared transaction', async () => {
    const admin = new pg.Client(dataset.adminUrl)
    await admin.connect()
    try {
      const { rows } = await admin.query(
        `SELECT
           (SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND state <> 'idle')::int AS busy,
           (SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE a.usename = $1 AND l.locktype = 'advisory')::int AS advisory_locks,
           (SELECT count(*) FROM pg_prepared_xacts)::int AS prepared,
           (SELECT count(*) FROM pg_largeobject_metadata)::int AS large_objects`,
        [role.role],
      )
      expect(rows[0]).toEqual({ busy: 0, advisory_locks: 0, prepared: 0, large_objects: 0 })
    } finally {
      await admin.end()
    }
  })
})
