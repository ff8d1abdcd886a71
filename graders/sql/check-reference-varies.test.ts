import { describe, expect, it } from 'vitest'
import { checkReferenceVaries } from './check-reference-varies.ts'
import { LruPromiseCache } from './reference-cache.ts'
import type { ReferenceResult } from './grade-sql-answer.ts'
import { typeOids } from './postgres-text-values.ts'
import { sqlGradingQuestion } from './sql-question.ts'
import type { SqlRunner } from './sql-runner.ts'

/** A runner whose reference answers one day per database. */
function runnerAnswering(days: Record<string, string>): SqlRunner {
  return {
    async run(database) {
      return { columns: [{ name: 'pickup_day', typeOid: typeOids.date, typeName: 'date' }], rows: [[days[database]!]], rowCount: 1, truncated: false, durationMs: 1 }
    },
  }
}

const question = sqlGradingQuestion.parse({ id: 'hw1/longest-trip-day', dataset: 'nyc_taxi', solutionSql: 'SELECT DATE \'2019-10-05\' AS pickup_day' })
const variants = (names: string[]) => names.map((database) => ({ database, version: '1' }))

describe('checkReferenceVaries', () => {
  it('fails a question whose reference gives the public result on half of the hidden variants or more', async () => {
    const runner = runnerAnswering({ pub: '2019-10-05', a: '2019-10-05', b: '2019-10-05', c: '2019-11-02' })
    const report = await checkReferenceVaries(question, runner, { public: { database: 'pub', version: '1' }, hidden: variants(['a', 'b', 'c']) }, new LruPromiseCache<ReferenceResult>())
    expect(report).toMatchObject({ checked: 3, sameAsPublic: 2 })
    expect(report.problems[0]).toMatch(/public result on 2 of 3 hidden variants/)
  })

  it('passes a question whose result moves on most variants, and fails one without a hidden check', async () => {
    const runner = runnerAnswering({ pub: '2019-10-05', a: '2019-09-12', b: '2019-10-05', c: '2019-11-02' })
    const moving = await checkReferenceVaries(question, runner, { public: { database: 'pub', version: '1' }, hidden: variants(['a', 'b', 'c']) }, new LruPromiseCache<ReferenceResult>())
    expect(moving.problems).toEqual([])
    const none = await checkReferenceVaries(question, runner, { public: { database: 'pub', version: '1' } }, new LruPromiseCache<ReferenceResult>())
    expect(none.problems).toHaveLength(1)
  })
})
