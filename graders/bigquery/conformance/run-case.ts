// Runs one conformance case on the local engine and classifies the outcome: pass, refused ("not
// supported locally": never a wrong answer, but not a pass), or fail (a wrong result, or an error where
// BigQuery gives a result, or a result where BigQuery gives an error).
import { compareResultSets } from '../../sql/compare-result-sets.ts'
import type { SqlResultSet } from '../../sql/result-set.ts'
import { BigQueryRejectedError, BigQueryRuntimeError } from '../errors.ts'
import type { LocalBigQuery } from '../local-engine.ts'
import type { ConformanceCase } from './cases.ts'

export type CaseOutcome = { status: 'pass' } | { status: 'refused'; detail: string } | { status: 'fail'; detail: string }

export async function runConformanceCase(engine: LocalBigQuery, testCase: ConformanceCase): Promise<CaseOutcome> {
  let actual: SqlResultSet
  try {
    actual = (await engine.run(testCase.sql)).result
  } catch (error) {
    if (error instanceof BigQueryRejectedError && error.reason === 'not_supported_locally') return { status: 'refused', detail: error.message }
    if (testCase.error && (error instanceof BigQueryRuntimeError || error instanceof BigQueryRejectedError)) return { status: 'pass' }
    return { status: 'fail', detail: `error: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (testCase.error) return { status: 'fail', detail: `BigQuery raises an error; the local engine returned ${JSON.stringify(actual.rows)}` }
  const expected: SqlResultSet = { columns: actual.columns, rows: testCase.rows, rowCount: testCase.rows.length, truncated: false, durationMs: 0 }
  if (testCase.rows[0] && testCase.rows[0].length !== actual.columns.length) {
    return { status: 'fail', detail: `expected ${testCase.rows[0].length} columns, got ${actual.columns.length}` }
  }
  const orderBy = testCase.ordered ? actual.columns.map((_, index) => index) : null
  const comparison = compareResultSets(expected, actual, { orderBy, floatTolerance: 1e-9, columnNames: false })
  return comparison.equal ? { status: 'pass' } : { status: 'fail', detail: `${comparison.message} (got ${JSON.stringify(actual.rows)})` }
}
