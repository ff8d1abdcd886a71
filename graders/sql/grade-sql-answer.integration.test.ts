// The engine against the real sandbox on a real PostgreSQL: a small nyc_taxi database as the public
// variant, and a copy with other rows as the hidden variant.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withDatabase } from '../../sandbox/postgres/identifiers.ts'
import { ensureSandboxRole } from '../../sandbox/postgres/provision-role.ts'
import { createSqlSandbox, type SqlSandbox } from '../../sandbox/postgres/sql-sandbox.ts'
import { createSmallNycTaxiDatabase, type SmallNycTaxiDatabase } from '../../sandbox/postgres/testing/small-nyc-taxi.ts'
import { gradeResult } from '../grade-result.ts'
import { gradeSqlAnswer, type ReferenceResult } from './grade-sql-answer.ts'
import { LruPromiseCache } from './reference-cache.ts'
import { sqlRunnerFromSandbox } from './sandbox-runner.ts'
import { sqlGradingQuestion, type SqlGradingQuestionInput } from './sql-question.ts'
import type { SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let publicDb: SmallNycTaxiDatabase
let hiddenDb: SmallNycTaxiDatabase
let sandbox: SqlSandbox
let runner: SqlRunner
let datasets: SqlGradingDatasets

async function asAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client(url)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  publicDb = await createSmallNycTaxiDatabase(clusterAdminUrl, 'grade_pub')
  hiddenDb = await createSmallNycTaxiDatabase(clusterAdminUrl, 'grade_hid')
  // Same schema, other rows: what a hard-coded answer cannot know.
  await asAdmin(hiddenDb.adminUrl, (client) =>
    client.query(`DELETE FROM nyc_taxi.green_tripdata WHERE "PULocationID" % 3 = 0; ANALYZE nyc_taxi.green_tripdata`),
  )
  for (const db of [publicDb, hiddenDb]) {
    await asAdmin(db.adminUrl, (client) => client.query(`ALTER DATABASE ${db.database} SET search_path = nyc_taxi, public`))
  }
  const role = await ensureSandboxRole(clusterAdminUrl, {
    databases: [publicDb.database, hiddenDb.database],
    roleName,
    closeDatabasesToPublic: [publicDb.database, hiddenDb.database],
  })
  sandbox = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 2 })
  runner = sqlRunnerFromSandbox(sandbox)
  datasets = {
    public: { database: publicDb.database, version: 'test' },
    hidden: [{ database: hiddenDb.database, version: 'test' }],
  }
})

afterAll(async () => {
  await sandbox?.close()
  await publicDb?.drop()
  await hiddenDb?.drop()
  await asAdmin(clusterAdminUrl, (client) => client.query(`DROP OWNED BY ${roleName} CASCADE; DROP ROLE IF EXISTS ${roleName}`)).catch(
    () => {},
  )
})

const busiestZones: SqlGradingQuestionInput = {
  id: 'hw-test/busiest-zones',
  dataset: 'nyc_taxi',
  solutionSql: 'SELECT "PULocationID" AS zone, count(*) AS trips FROM green_tripdata GROUP BY 1 ORDER BY trips DESC',
}

async function grade(answerSql: string, input: SqlGradingQuestionInput = busiestZones) {
  const graded = await gradeSqlAnswer({
    question: sqlGradingQuestion.parse(input),
    answerSql,
    runner,
    datasets,
    referenceCache: new LruPromiseCache<ReferenceResult>(),
  })
  expect(gradeResult.safeParse(graded).success).toBe(true)
  return { graded, failed: graded.checks.find((entry) => !entry.passed) }
}

describe('gradeSqlAnswer on the real sandbox', () => {
  it('grades a differently written correct answer correct (ties in any order, numeric count)', async () => {
    const { graded } = await grade(
      'select "PULocationID", count(*)::numeric as n from green_tripdata group by "PULocationID" order by n desc, 1 desc',
    )
    expect(graded.checks.map((entry) => `${entry.name}:${entry.passed}`)).toEqual([
      'parses:true',
      'statement:true',
      'runs:true',
      'columns:true',
      'rows:true',
      'values:true',
      'hidden-data:true',
    ])
    expect(graded).toMatchObject({ verdict: 'correct', score: 1 })
  })

  it.each([
    ['parses', 'SELECT count(* FROM green_tripdata', 'invalid'],
    ['statement', 'DELETE FROM green_tripdata', 'invalid'],
    ['runs', 'SELECT lpep_pickup, count(*) FROM green_tripdata GROUP BY 1', 'incorrect'],
    ['columns', 'SELECT "PULocationID" FROM green_tripdata GROUP BY 1', 'incorrect'],
    ['rows', 'SELECT "PULocationID", count(*) FROM green_tripdata WHERE "PULocationID" > 1 GROUP BY 1 ORDER BY 2 DESC', 'incorrect'],
    ['values', 'SELECT "PULocationID", count(*) + 1 FROM green_tripdata GROUP BY 1 ORDER BY 2 DESC', 'incorrect'],
    ['values', 'SELECT "PULocationID", count(*) FROM green_tripdata GROUP BY 1 ORDER BY 2', 'incorrect'],
  ] as const)('fails `%s` for %s', async (check, answer, verdict) => {
    const { graded, failed } = await grade(answer)
    expect(graded.verdict).toBe(verdict)
    expect(failed?.name).toBe(check)
  })

  it('shows PostgreSQL’s error with a caret under the offending line', async () => {
    const { failed } = await grade('SELECT lpep_pickup, count(*)\nFROM green_tripdata\nGROUP BY 1')
    expect(failed?.message).toMatch(/^PostgreSQL reported an error: column "lpep_pickup" does not exist\nLINE 1: SELECT lpep_pickup, count\(\*\)\n {15}\^/)
  })

  it('catches an answer hard-coded from the public data on the hidden variant', async () => {
    const values = await asAdmin(publicDb.adminUrl, async (client) => {
      const { rows } = await client.query<{ zone: number; trips: string }>(
        'SELECT "PULocationID" AS zone, count(*) AS trips FROM nyc_taxi.green_tripdata GROUP BY 1',
      )
      return rows.map((row) => `(${row.zone}, ${row.trips})`).join(', ')
    })
    const { graded, failed } = await grade(`SELECT * FROM (VALUES ${values}) AS v(zone, trips) ORDER BY trips DESC`)
    expect(graded.verdict).toBe('incorrect')
    expect(failed?.name).toBe('hidden-data')
    expect(graded.checks.filter((entry) => entry.passed).map((entry) => entry.name)).toContain('values')
  })

  it('grades CREATE TABLE AS through the check query, rolled back each time', async () => {
    const question: SqlGradingQuestionInput = {
      id: 'hw-test/zone-trips-table',
      dataset: 'nyc_taxi',
      solutionSql: 'CREATE TABLE zone_trips AS SELECT "PULocationID" AS zone, count(*) AS trips FROM green_tripdata GROUP BY 1',
      statements: ['create_table_as'],
      check_query: 'SELECT zone, trips FROM zone_trips ORDER BY zone',
    }
    const right = await grade('create table zone_trips as select "PULocationID" zone, count(1) trips from green_tripdata group by "PULocationID"', question)
    expect(right.graded.verdict).toBe('correct')
    const misnamed = await grade('CREATE TABLE trips_by_zone AS SELECT "PULocationID" AS zone, count(*) AS trips FROM green_tripdata GROUP BY 1', question)
    expect(misnamed.failed).toMatchObject({ name: 'runs' })
    expect(misnamed.failed?.message).toMatch(/check afterwards failed: relation "zone_trips" does not exist/)
    const select = await grade('SELECT 1', question)
    expect(select.graded.verdict).toBe('invalid')
  })

  it('stops the learner\'s statement when grading is cancelled, and answers `error`', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const grading = gradeSqlAnswer({
      question: sqlGradingQuestion.parse(busiestZones),
      answerSql: 'SELECT "PULocationID" AS zone, count(*) AS trips FROM green_tripdata, generate_series(1, 100000) AS a, generate_series(1, 100000) AS b GROUP BY 1 ORDER BY trips DESC',
      runner,
      datasets,
      referenceCache: new LruPromiseCache<ReferenceResult>(),
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 500)
    const graded = await grading
    expect(graded.verdict).toBe('error')
    // The statement timeout (5 s) would have ended it as `incorrect`; the cancel came first.
    expect(performance.now() - started).toBeLessThan(3_000)
    const sleeping = await asAdmin(clusterAdminUrl, (client) =>
      client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND query LIKE '%generate_series(1, 100000) AS b%' AND state = 'active'`, [roleName]),
    )
    expect(sleeping.rows[0].n).toBe(0)
  })

  it('returns `error` when the grading database is unreachable', async () => {
    const broken = createSqlSandbox({
      learnerUrl: () => withDatabase(clusterAdminUrl.replace(/:\/\/[^@]*@/, '://nobody:wrong@'), publicDb.database),
      watchdogUrl: clusterAdminUrl,
      poolSize: 1,
    })
    try {
      const graded = await gradeSqlAnswer({
        question: sqlGradingQuestion.parse(busiestZones),
        answerSql: 'SELECT 1',
        runner: sqlRunnerFromSandbox(broken),
        datasets,
        referenceCache: new LruPromiseCache<ReferenceResult>(),
      })
      expect(graded.verdict).toBe('error')
    } finally {
      await broken.close()
    }
  })
})
