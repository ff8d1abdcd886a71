import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SandboxUnavailableError, SqlRejectedError, SqlRunAbortedError, SqlRuntimeError, SqlTimeoutError } from './errors.ts'
import { ensureSandboxRole, type SandboxRole } from './provision-role.ts'
import { createSqlSandbox, type SqlSandbox } from './sql-sandbox.ts'
import { createSmallNycTaxiDatabase, databaseChecksum, type SmallNycTaxiDatabase } from './testing/small-nyc-taxi.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let dataset: SmallNycTaxiDatabase
let role: SandboxRole
let sandbox: SqlSandbox

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the run to fail')
    },
    (error: unknown) => error,
  )
}

beforeAll(async () => {
  dataset = await createSmallNycTaxiDatabase(clusterAdminUrl)
  role = await ensureSandboxRole(clusterAdminUrl, {
    databases: [dataset.database],
    roleName,
    closeDatabasesToPublic: [],
  })
  sandbox = createSqlSandbox({
    learnerUrl: role.learnerUrl,
    watchdogUrl: clusterAdminUrl,
    poolSize: 2,
    limits: { statementTimeoutMs: 1_000, watchdogGraceMs: 300 },
  })
  await sandbox.warm(dataset.database)
})

afterAll(async () => {
  await sandbox?.close()
  await dataset?.drop()
})

describe('createSqlSandbox().run', () => {
  test('returns columns with types and rows as PostgreSQL text', async () => {
    const result = await sandbox.run(
      dataset.database,
      `SELECT "LocationID", "Borough", 1.50::numeric(4,2) AS amount, NULL::text AS nothing,
              timestamp '2019-09-01 08:00' AS at, true AS yes
         FROM taxi_zone_lookup WHERE "LocationID" <= 2 ORDER BY 1`,
    )
    expect(result.columns).toEqual([
      { name: 'LocationID', typeOid: 23, typeName: 'integer' },
      { name: 'Borough', typeOid: 25, typeName: 'text' },
      { name: 'amount', typeOid: 1700, typeName: 'numeric' },
      { name: 'nothing', typeOid: 25, typeName: 'text' },
      { name: 'at', typeOid: 1114, typeName: 'timestamp without time zone' },
      { name: 'yes', typeOid: 16, typeName: 'boolean' },
    ])
    expect(result.rows).toEqual([
      ['1', 'Queens', '1.50', null, '2019-09-01 08:00:00', 't'],
      ['2', 'Brooklyn', '1.50', null, '2019-09-01 08:00:00', 't'],
    ])
    expect(result).toMatchObject({ kind: 'select', command: 'SELECT', rowCount: 2, truncated: false })
    expect(result.durationMs).toBeGreaterThan(0)
  })

  test('caps rows and bytes and marks the result truncated', async () => {
    const byRows = await sandbox.run(dataset.database, 'SELECT * FROM generate_series(1, 100000)', {
      limits: { maxRows: 250, batchRows: 100 },
    })
    expect(byRows).toMatchObject({ truncated: true, rowCount: 250 })
    expect(byRows.rows.at(-1)).toEqual(['250'])
    const byBytes = await sandbox.run(dataset.database, "SELECT repeat('x', 1000) FROM generate_series(1, 1000)", {
      limits: { maxResultBytes: 10_500 },
    })
    expect(byBytes).toMatchObject({ truncated: true, rowCount: 10 })
    const exact = await sandbox.run(dataset.database, 'SELECT * FROM generate_series(1, 10)', { limits: { maxRows: 10 } })
    expect(exact).toMatchObject({ truncated: false, rowCount: 10 })
  })

  test('a runtime error carries SQLSTATE, 1-based position and hint', async () => {
    const error = await failure(sandbox.run(dataset.database, 'SELECT "Borugh" FROM taxi_zone_lookup'))
    expect(error).toBeInstanceOf(SqlRuntimeError)
    expect(error).toMatchObject({ code: '42703', position: 8 })
    expect((error as SqlRuntimeError).hint).toMatch(/Borough/)
  })

  test('a statement past its time limit becomes a timeout with a clear message', async () => {
    const error = await failure(sandbox.run(dataset.database, 'SELECT count(*) FROM generate_series(1, 100000) AS a, generate_series(1, 100000) AS b'))
    expect(error).toBeInstanceOf(SqlTimeoutError)
    expect((error as Error).message).toMatch(/^Your query took longer than 1 s/)
  })

  test('the watchdog stops a run that statement_timeout does not', async () => {
    const started = performance.now()
    const error = await failure(
      sandbox.run(dataset.database, 'SELECT 1', {
        limits: { statementTimeoutMs: 200, watchdogGraceMs: 200 },
        // A caller's callback that disables the in-session timeout: only the outside watchdog is left.
        beforeStatement: async (client) => {
          await client.query('SET LOCAL statement_timeout = 0')
          await client.query('SELECT pg_sleep(10)')
        },
      }),
    )
    expect(error).toBeInstanceOf(SqlTimeoutError)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  test('an aborted run is cancelled in PostgreSQL at once, and the sandbox goes on', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const endless = 'SELECT count(*) FROM generate_series(1, 100000) AS a, generate_series(1, 100000) AS b'
    const run = failure(sandbox.run(dataset.database, endless, { limits: { statementTimeoutMs: 60_000 }, signal: controller.signal }))
    // Abort once the statement is really running in PostgreSQL.
    const admin = new pg.Client(clusterAdminUrl)
    await admin.connect()
    try {
      const sleeping = async () =>
        (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND query LIKE '%generate_series(1, 100000) AS b%' AND state = 'active'`, [roleName])).rows[0].n as number
      while ((await sleeping()) === 0) await new Promise((resolve) => setTimeout(resolve, 50))
      controller.abort()
      const error = await run
      expect(error).toBeInstanceOf(SqlRunAbortedError)
      expect(performance.now() - started).toBeLessThan(5_000)
      // The cancel lands through the watchdog's own connection: the backend's row in pg_stat_activity
      // can trail the rejection by a moment (seen once in a bare-machine run), so it gets a second.
      const deadline = performance.now() + 1_000
      while ((await sleeping()) > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await sleeping()).toBe(0)
    } finally {
      await admin.end()
    }
    const next = await sandbox.run(dataset.database, 'SELECT 1 AS one')
    expect(next.rows).toEqual([['1']])
    // Already aborted: nothing reaches the database.
    expect(await failure(sandbox.run(dataset.database, 'SELECT 1', { signal: AbortSignal.abort() }))).toBeInstanceOf(SqlRunAbortedError)
  })

  test('DDL runs read-write, afterStatement sees it, and it is rolled back', async () => {
    const before = await databaseChecksum(dataset.adminUrl, ['nyc_taxi', 'learner_scratch'])
    const result = await sandbox.run(
      dataset.database,
      'CREATE TABLE busy_zones AS SELECT "PULocationID", count(*) AS trips FROM yellow_tripdata GROUP BY 1',
      {
        allowed: ['create_table_as'],
        afterStatement: async (client) => {
          const { rows } = await client.query('SELECT count(*) AS n FROM learner_scratch.busy_zones')
          return rows[0].n as string
        },
      },
    )
    expect(result).toMatchObject({ kind: 'create_table_as', command: 'SELECT', rowCount: 265, after: '265' })
    expect(await databaseChecksum(dataset.adminUrl, ['nyc_taxi', 'learner_scratch'])).toBe(before)
  })

  test('DML on the dataset is refused by privileges even where DML is allowed', async () => {
    const error = await failure(
      sandbox.run(dataset.database, 'DELETE FROM yellow_tripdata', { allowed: ['delete'] }),
    )
    expect(error).toMatchObject({ code: '42501' })
  })

  test('DML works on a table set up in the same transaction', async () => {
    const result = await sandbox.run(dataset.database, "UPDATE zones SET name = upper(name) WHERE id < 3", {
      allowed: ['update'],
      beforeStatement: async (client) => {
        await client.query("CREATE TABLE learner_scratch.zones AS SELECT i AS id, 'z' || i AS name FROM generate_series(1, 5) i")
      },
    })
    expect(result).toMatchObject({ command: 'UPDATE', rowCount: 2, columns: [], rows: [] })
  })

  test('rejections never reach the database', async () => {
    const error = await failure(sandbox.run(dataset.database, 'SELECT 1; COMMIT'))
    expect(error).toBeInstanceOf(SqlRejectedError)
  })

  test('nothing leaks from one run to the next on the same connection', async () => {
    const sandboxOfOne = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 1 })
    try {
      const first = await sandboxOfOne.run(dataset.database, 'SELECT pg_backend_pid()')
      await failure(sandboxOfOne.run(dataset.database, 'SELECT 1/0'))
      await sandboxOfOne.run(dataset.database, 'CREATE TABLE left_behind (x int)', { allowed: ['create_table'] })
      const after = await sandboxOfOne.run(
        dataset.database,
        `SELECT pg_backend_pid(), current_setting('statement_timeout'), current_setting('search_path'),
                current_setting('transaction_read_only'), to_regclass('learner_scratch.left_behind') IS NULL,
                (SELECT count(*) FROM pg_prepared_statements)`,
      )
      expect(after.rows[0]).toEqual([first.rows[0]?.[0], '5s', 'nyc_taxi', 'on', 't', '0'])
    } finally {
      await sandboxOfOne.close()
    }
  })

  test('cannot connect: a SandboxUnavailableError without the password', async () => {
    const broken = createSqlSandbox({
      learnerUrl: (database) => role.learnerUrl(database).replace(`:${encodeURIComponent(role.password)}@`, ':wrong-password@'),
      watchdogUrl: clusterAdminUrl,
    })
    try {
      const error = await failure(broken.run(dataset.database, 'SELECT 1'))
      expect(error).toBeInstanceOf(SandboxUnavailableError)
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('wrong-password')
    } finally {
      await broken.close()
    }
  })
})
