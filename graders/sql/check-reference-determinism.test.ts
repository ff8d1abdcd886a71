import { describe, expect, it } from 'vitest'
import { checkReferenceDeterminism } from './check-reference-determinism.ts'
import type { SqlResultSet } from './result-set.ts'
import { sqlGradingQuestion } from './sql-question.ts'
import type { SqlRunner } from './sql-runner.ts'
import { typeOids } from './postgres-text-values.ts'

function runnerReturning(rows: (string | null)[][]) {
  const seen: string[] = []
  const runner: SqlRunner = {
    async run(_database, sql): Promise<SqlResultSet> {
      seen.push(sql)
      return {
        columns: [
          { name: 'zone', typeOid: typeOids.text, typeName: 'text' },
          { name: 'trips', typeOid: typeOids.int8, typeName: 'int8' },
        ],
        rows,
        rowCount: rows.length,
        truncated: false,
        durationMs: 1,
      }
    },
  }
  return { runner, seen }
}

const variant = { database: 'public_db', version: '1' }
const question = (solutionSql: string) => sqlGradingQuestion.parse({ id: 'hw/q', dataset: 'nyc_taxi', solutionSql })

describe('checkReferenceDeterminism', () => {
  it.each([
    ['SELECT zone FROM t LIMIT 3', /LIMIT without ORDER BY/],
    ['SELECT * FROM (SELECT zone FROM t LIMIT 1) s ORDER BY zone', /subquery or CTE has LIMIT without ORDER BY/],
    ['SELECT DISTINCT ON (zone) zone, trips FROM t ORDER BY zone', /DISTINCT ON/],
  ])('flags %s', async (sql, problem) => {
    const report = await checkReferenceDeterminism(question(sql), runnerReturning([]).runner, variant)
    expect(report.deterministic).toBe(false)
    expect(report.problems.join(' ')).toMatch(problem)
  })

  it('flags a tie at the LIMIT boundary by running one row further', async () => {
    const { runner, seen } = runnerReturning([['A', '9'], ['B', '5'], ['C', '5']])
    const report = await checkReferenceDeterminism(question('SELECT zone, count(*) AS trips FROM t GROUP BY 1 ORDER BY trips DESC LIMIT 2'), runner, variant)
    expect(seen).toEqual(['SELECT zone, count(*) AS trips FROM t GROUP BY 1 ORDER BY trips DESC LIMIT 3'])
    expect(report.problems).toEqual([expect.stringMatching(/Rows 2 and 3 tie on the ORDER BY/)])
  })

  it('accepts a LIMIT whose ORDER BY breaks ties', async () => {
    const { runner } = runnerReturning([['A', '9'], ['B', '5'], ['C', '5']])
    const report = await checkReferenceDeterminism(question('SELECT zone, count(*) AS trips FROM t GROUP BY 1 ORDER BY trips DESC, zone LIMIT 2'), runner, variant)
    expect(report).toEqual({ deterministic: true, problems: [], warnings: [] })
  })

  it('accepts queries without LIMIT, and FETCH … WITH TIES', async () => {
    for (const sql of ['SELECT zone FROM t', 'SELECT zone, trips FROM t ORDER BY trips FETCH FIRST 2 ROWS WITH TIES']) {
      const report = await checkReferenceDeterminism(question(sql), runnerReturning([]).runner, variant)
      expect(report.deterministic).toBe(true)
    }
  })
})
