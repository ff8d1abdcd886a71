// The author's question check on a real PostgreSQL through the real sandbox: ties at the LIMIT
// boundary (also when the sort key is an aggregate or not an output column), degenerate references,
// a reference that is the same on every variant, mutants, wrong answers and alternatives.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSandboxRole } from '../../../sandbox/postgres/provision-role.ts'
import { createSqlSandbox, type SqlSandbox } from '../../../sandbox/postgres/sql-sandbox.ts'
import { createSmallNycTaxiDatabase, type SmallNycTaxiDatabase } from '../../../sandbox/postgres/testing/small-nyc-taxi.ts'
import { sqlRunnerFromSandbox } from '../sandbox-runner.ts'
import { sqlGradingQuestion } from '../sql-question.ts'
import type { SqlGradingDatasets, SqlRunner } from '../sql-runner.ts'
import { generateMutants } from '../mutants/generate-mutants.ts'
import { checkSqlQuestion } from './check-sql-question.ts'
import { checkLimitTies } from './limit-ties.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let publicDb: SmallNycTaxiDatabase
let hiddenDb: SmallNycTaxiDatabase
let sandbox: SqlSandbox
let runner: SqlRunner
let datasets: SqlGradingDatasets

async function asAdmin(url: string, sql: string) {
  const client = new pg.Client(url)
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  publicDb = await createSmallNycTaxiDatabase(clusterAdminUrl, 'qcheck_pub')
  hiddenDb = await createSmallNycTaxiDatabase(clusterAdminUrl, 'qcheck_hid')
  await asAdmin(hiddenDb.adminUrl, `DELETE FROM nyc_taxi.green_tripdata WHERE "PULocationID" % 3 = 0`)
  for (const db of [publicDb, hiddenDb]) await asAdmin(db.adminUrl, `ALTER DATABASE ${db.database} SET search_path = nyc_taxi, public`)
  const role = await ensureSandboxRole(clusterAdminUrl, {
    databases: [publicDb.database, hiddenDb.database],
    roleName,
    closeDatabasesToPublic: [publicDb.database, hiddenDb.database],
  })
  sandbox = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 2 })
  runner = sqlRunnerFromSandbox(sandbox)
  datasets = { public: { database: publicDb.database, version: 'test' }, hidden: { database: hiddenDb.database, version: 'test' } }
})

afterAll(async () => {
  await sandbox?.close()
  await publicDb?.drop()
  await hiddenDb?.drop()
  await asAdmin(clusterAdminUrl, `DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
})

const question = (solutionSql: string) => sqlGradingQuestion.parse({ id: 'hw/q', dataset: 'nyc_taxi', solutionSql })

describe('checkLimitTies', () => {
  // 265 zones over 6 boroughs: one borough has 45 zones, the other five 44 each.
  it('sees ties on an aggregate sort key that is not an output column', async () => {
    const sql = 'SELECT "Borough" FROM taxi_zone_lookup GROUP BY 1 ORDER BY count(*) DESC LIMIT '
    expect(await checkLimitTies(`${sql}1`, runner, publicDb.database)).toEqual({ kind: 'no-tie' })
    expect(await checkLimitTies(`${sql}2`, runner, publicDb.database)).toEqual({ kind: 'tie', limit: 2 })
    expect(await checkLimitTies(`${sql}2`.replace('DESC', 'DESC, "Borough"'), runner, publicDb.database)).toEqual({ kind: 'no-tie' })
  })

  it('resolves output names and positions, and calls LIMIT without ORDER BY a tie', async () => {
    expect(await checkLimitTies('SELECT "Borough" AS b, count(*) AS n FROM taxi_zone_lookup GROUP BY b ORDER BY n DESC LIMIT 3', runner, publicDb.database)).toEqual({ kind: 'tie', limit: 3 })
    expect(await checkLimitTies('SELECT "Borough", count(*) FROM taxi_zone_lookup GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3', runner, publicDb.database)).toEqual({ kind: 'no-tie' })
    expect(await checkLimitTies('SELECT "LocationID" FROM taxi_zone_lookup LIMIT 1', runner, publicDb.database)).toEqual({ kind: 'tie', limit: 1 })
    expect(await checkLimitTies('SELECT 1', runner, publicDb.database)).toEqual({ kind: 'no-limit' })
  })
})

describe('checkSqlQuestion', () => {
  it('fails a reference that ties at its LIMIT on ORDER BY count(*)', async () => {
    const report = await checkSqlQuestion({
      question: question('SELECT "PULocationID" AS zone FROM green_tripdata GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'),
      runner,
      datasets,
    })
    expect(report.passed).toBe(false)
    expect(report.failures.join('\n')).toMatch(/rows 1 and 2 tie on every ORDER BY key/)
  })

  it('fails a reference whose result is only zeros, and one that is the same on every variant', async () => {
    const zeros = await checkSqlQuestion({ question: question(`SELECT count(*) AS trips FROM green_tripdata WHERE lpep_pickup_datetime < '2018-01-01'`), runner, datasets })
    expect(zeros.failures.join('\n')).toMatch(/only zeros and NULLs in its numeric columns on the public data/)
    const constant = await checkSqlQuestion({ question: question('SELECT count(*) AS zones FROM taxi_zone_lookup'), runner, datasets })
    expect(constant.failures).toContain('The reference gives the same result on every variant of the data: a hard-coded answer would pass.')
  })

  it('scores mutants, names the survivors, honours declared equivalents and grades wrong answers and alternatives', async () => {
    const reference = `SELECT count(*) AS trips FROM green_tripdata WHERE lpep_pickup_datetime >= '2019-09-18' AND lpep_pickup_datetime < '2019-09-19'`
    const mutants = await generateMutants(reference)
    const first = await checkSqlQuestion({ question: question(reference), runner, datasets })
    expect(first.mutants.total).toBe(mutants.length)
    expect(first.mutants.killed.length).toBeGreaterThan(0)
    expect(first.score).toBeCloseTo(first.mutants.killed.length / (first.mutants.killed.length + first.mutants.surviving.length))
    // Pickups every 31 minutes from 00:31 never fall on midnight: `>` for `>=` survives on this data.
    const survivor = first.mutants.surviving.find((mutant) => mutant.description === '`>=` became `>`')
    expect(survivor?.sql).toMatch(/lpep_pickup_datetime > '2019-09-18'/)

    const second = await checkSqlQuestion({
      question: question(reference),
      runner,
      datasets,
      equivalentMutants: [
        ...first.mutants.surviving.map((mutant) => ({ id: mutant.id, reason: 'test' })),
        { id: 'm-00000000', reason: 'stale' },
        { id: first.mutants.killed[0]!.id, reason: 'wrongly declared' },
      ],
      wrongAnswers: [
        { file: 'wrong/q--no-end.sql', expect: 'values', text: `SELECT count(*) FROM green_tripdata WHERE lpep_pickup_datetime >= '2019-09-18'` },
        { file: 'wrong/q--passes.sql', expect: 'values', text: reference },
      ],
      alternatives: [
        { file: 'alternatives/q--date-cast.sql', text: `select count(1) from green_tripdata where lpep_pickup_datetime::date = date '2019-09-18'` },
        { file: 'alternatives/q--wrong.sql', text: 'SELECT 0' },
      ],
    })
    expect(second.mutants.surviving).toEqual([])
    expect(second.mutants.equivalent.map((mutant) => mutant.id).sort()).toEqual(first.mutants.surviving.map((mutant) => mutant.id).sort())
    expect(second.failures).toContain('Equivalent mutant m-00000000 is declared but the reference has no such mutant any more: remove the declaration.')
    expect(second.failures).toContain(`Mutant ${first.mutants.killed[0]!.id} is declared equivalent but it is killed: remove the declaration.`)
    expect(second.wrongAnswers.map((entry) => entry.ok)).toEqual([true, false])
    expect(second.alternatives.map((entry) => entry.ok)).toEqual([true, false])
    expect(second.passed).toBe(false)
  })
})
