// Killing databases end to end on a real PostgreSQL through the real sandbox: the search finds small
// databases that kill every non-equivalent mutant of a reference; grading runs answers on them; a
// near miss that is right on the public data fails with the made-up database and both results as
// feedback, which shows neither the reference SQL nor a row of the public data.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSandboxRole } from '../../../sandbox/postgres/provision-role.ts'
import { createSqlSandbox, type SqlSandbox } from '../../../sandbox/postgres/sql-sandbox.ts'
import { checkSqlQuestion } from '../author-checks/check-sql-question.ts'
import { gradeSqlAnswer } from '../grade-sql-answer.ts'
import { generateMutants } from '../mutants/generate-mutants.ts'
import { LruPromiseCache } from '../reference-cache.ts'
import { sqlRunnerFromSandbox } from '../sandbox-runner.ts'
import { sqlGradingQuestion } from '../sql-question.ts'
import type { KillingVariant, SqlGradingDatasets, SqlRunner } from '../sql-runner.ts'
import { COUNTEREXAMPLE_LEAD } from './counterexample.ts'
import { type KillingData, killingDataSchema } from '../../../course/killing-data.ts'
import { ensureKillingDatabase } from './killing-databases.ts'
import { searchKillingData, type SearchKillingDataResult } from './search-killing-data.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`

const question = sqlGradingQuestion.parse({
  id: 'hw/trips-on-day',
  dataset: 'nyc_taxi',
  solutionSql: `SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-18'
  AND lpep_pickup_datetime < '2019-09-19'`,
})

// The "public" data: trips at mid-morning only, so a query that mishandles midnight passes on it.
const publicMarker = randomBytes(2).readUInt16BE(0) % 50
const publicData = {
  kills: [],
  tables: {
    green_tripdata: {
      columns: ['lpep_pickup_datetime', 'lpep_dropoff_datetime', 'trip_distance'],
      rows: [
        ['2019-09-17 10:11:12', '2019-09-17 10:31:12', 1 + publicMarker / 100],
        ['2019-09-18 10:11:12', '2019-09-18 10:41:12', 2],
        ['2019-09-18 11:11:12', '2019-09-18 11:21:12', 3],
        ['2019-09-19 10:11:12', '2019-09-19 10:51:12', 4],
      ],
    },
  },
}

let sandbox: SqlSandbox
let runner: SqlRunner
let datasets: SqlGradingDatasets
let search: SearchKillingDataResult
let killing: KillingVariant[]
const created: string[] = []

beforeAll(async () => {
  const mutants = await generateMutants(question.solutionSql)
  search = await searchKillingData({ adminUrl: clusterAdminUrl, question, mutants, timeLimitMs: 60_000, budget: 120 })
  const publicVariant = await ensureKillingDatabase(clusterAdminUrl, publicData)
  killing = await Promise.all((search.data?.databases ?? []).map((database) => ensureKillingDatabase(clusterAdminUrl, database)))
  created.push(publicVariant.database, ...killing.map((variant) => variant.database))
  const role = await ensureSandboxRole(clusterAdminUrl, { databases: created, roleName, closeDatabasesToPublic: created })
  sandbox = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 2 })
  runner = sqlRunnerFromSandbox(sandbox)
  datasets = { public: publicVariant, killing }
}, 120_000)

afterAll(async () => {
  await sandbox?.close()
  const admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  for (const database of created) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {})
  await admin.query(`DROP OWNED BY ${roleName} CASCADE; DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
  await admin.end()
})

describe('the killing-database search', () => {
  it('kills every mutant but count(column) on a never-NULL column, on a few small databases', () => {
    expect(search.unkilled.map((mutant) => mutant.description)).toEqual(['count(*) became count(lpep_pickup_datetime)'])
    const data = search.data as KillingData
    expect(killingDataSchema.parse(data)).toEqual(data)
    expect(data.databases.length).toBeLessThanOrEqual(3)
    for (const database of data.databases) expect(database.tables.green_tripdata!.rows.length).toBeLessThanOrEqual(10)
  })
})

describe('grading on killing databases', () => {
  it('grades the reference correct, with the counterexample check passed', async () => {
    const result = await gradeSqlAnswer({ question, answerSql: question.solutionSql, runner, datasets })
    expect(result.verdict).toBe('correct')
    expect(result.checks.find((check) => check.name === 'counterexample')?.passed).toBe(true)
  })

  it('fails a near miss that is right on the public data, showing the made-up database and both results only', async () => {
    const answer = `SELECT count(*) AS trips FROM green_tripdata WHERE lpep_pickup_datetime BETWEEN '2019-09-18' AND '2019-09-19'`
    const result = await gradeSqlAnswer({ question, answerSql: answer, runner, datasets, referenceCache: new LruPromiseCache(8) })
    expect(result.verdict).toBe('incorrect')
    expect(result.checks.find((check) => check.name === 'values')?.passed).toBe(true)
    const failed = result.checks.find((check) => !check.passed)!
    expect(failed.name).toBe('counterexample')
    expect(failed.message).toContain(COUNTEREXAMPLE_LEAD)
    expect(failed.message).toContain('green_tripdata:')
    expect(failed.message).toContain('Expected result:')
    expect(failed.message).toContain('Your result:')
    // The midnight that BETWEEN wrongly keeps is in the counterexample.
    expect(failed.message).toContain('2019-09-19 00:00:00')
    // Neither the reference nor the public rows.
    expect(failed.message).not.toContain('lpep_pickup_datetime <')
    expect(failed.message).not.toContain('10:11:12')
  })

  it('scores every mutant of the reference killed in the author check, with the equivalent one declared', async () => {
    const [equivalent] = search.unkilled
    const report = await checkSqlQuestion({
      question,
      runner,
      datasets: { ...datasets, hidden: killing },
      equivalentMutants: [{ id: equivalent!.id, reason: 'lpep_pickup_datetime is never NULL' }],
      killingData: search.data!,
    })
    expect(report.mutants.surviving).toEqual([])
    expect(report.score).toBe(1)
  })
})
