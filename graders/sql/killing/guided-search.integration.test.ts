// Constraint-guided generation on a real PostgreSQL: a question whose every condition must hold at
// once on a row that sits on a boundary — a voided trip (payment type 6, a value the random
// generator never draws for that column) picked up exactly at midnight on the first day of the
// month. Random search alone leaves those near misses alive; the guided candidates kill them.
import { describe, expect, it } from 'vitest'
import { generateMutants, type Mutant } from '../mutants/generate-mutants.ts'
import { sqlGradingQuestion } from '../sql-question.ts'
import { searchKillingData } from './search-killing-data.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!

const voidedTrips = sqlGradingQuestion.parse({
  id: 'hw/voided-trips-october',
  dataset: 'nyc_taxi',
  solutionSql: `SELECT count(*) AS voided
FROM green_tripdata
WHERE payment_type = 6
  AND lpep_pickup_datetime >= '2019-10-01'
  AND lpep_pickup_datetime < '2019-11-01'`,
})

// count(payment_type) and count(lpep_pickup_datetime) count the same rows as count(*) here: the WHERE
// keeps no NULL payment type, and the pick-up time is never NULL. Every other mutant is a real near miss.
const isEquivalent = (mutant: Mutant) => mutant.operator === 'count-variant'

describe('constraint-guided killing candidates', () => {
  it('kill the near misses that random search over the edge cases leaves alive', async () => {
    const mutants = await generateMutants(voidedTrips.solutionSql)
    const strict = mutants.find((mutant) => mutant.description === '`>=` became `>`')!
    const lastDayDropped = mutants.find((mutant) => mutant.operator === 'date-boundary' && mutant.description.includes('BETWEEN'))!
    expect(strict && lastDayDropped).toBeTruthy()

    const randomOnly = await searchKillingData({ adminUrl: clusterAdminUrl, question: voidedTrips, mutants, budget: 80, guidedBudget: 0, timeLimitMs: 60_000 })
    const randomSurvivors = randomOnly.unkilled.filter((mutant) => !isEquivalent(mutant)).map((mutant) => mutant.id)
    expect(randomSurvivors).toContain(strict.id)
    expect(randomSurvivors).toContain(lastDayDropped.id)

    const guided = await searchKillingData({ adminUrl: clusterAdminUrl, question: voidedTrips, mutants, budget: 80, guidedBudget: 200, timeLimitMs: 120_000 })
    expect(guided.unkilled.filter((mutant) => !isEquivalent(mutant)).map((mutant) => `${mutant.id} ${mutant.description}`)).toEqual([])
    expect(guided.killedByGuided).toEqual(expect.arrayContaining([strict.id, lastDayDropped.id]))
    // The killing rows are small and say it plainly: a voided trip at the month's first midnight.
    const { columns, rows } = guided.data!.databases.find((database) => database.kills.includes(strict.id))!.tables.green_tripdata!
    expect(rows.length).toBeLessThanOrEqual(40)
    expect(
      rows.some((row) => row[columns.indexOf('payment_type')] === 6 && row[columns.indexOf('lpep_pickup_datetime')] === '2019-10-01 00:00:00'),
    ).toBe(true)
  }, 300_000)
})
