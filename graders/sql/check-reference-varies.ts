// Author check: a question whose reference gives the same result on the public data as on a hidden
// variant can be passed by hard-coding the public answer (the hidden check then proves nothing). The
// course check runs every SQL reference on the public data and on each hidden variant of the pool,
// and names the variants where the result does not move.
import { compareResultSets } from './compare-result-sets.ts'
import { type ReferenceCache, type ReferenceResult, referenceResult } from './grade-sql-answer.ts'
import type { SqlGradingQuestion } from './sql-question.ts'
import type { DatasetVariant, SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

export interface VariationReport {
  /** Hidden variants checked. */
  checked: number
  /** Hidden variants on which the reference returns the public result: a hard-coded answer passes there. */
  sameAsPublic: number
  problems: string[]
}

function sameResult(question: SqlGradingQuestion, a: ReferenceResult, b: ReferenceResult): boolean {
  if (a.fingerprint || b.fingerprint) return a.fingerprint?.digest === b.fingerprint?.digest && a.rowCount === b.rowCount
  const options = { orderBy: a.orderBy, floatTolerance: question.compare.float_tolerance, columnNames: false }
  const asSet = (result: ReferenceResult) => ({ columns: result.columns, rows: result.rows!, rowCount: result.rowCount, truncated: false, durationMs: 0 })
  return compareResultSets(asSet(a), asSet(b), options).equal
}

export async function checkReferenceVaries(
  question: SqlGradingQuestion,
  runner: SqlRunner,
  datasets: SqlGradingDatasets,
  cache?: ReferenceCache,
): Promise<VariationReport> {
  const hidden: DatasetVariant[] = datasets.hidden ?? []
  if (hidden.length === 0) return { checked: 0, sameAsPublic: 0, problems: ['no hidden variant to compare with: the question has no hidden check'] }
  const publicResult = await referenceResult(question, datasets.public, runner, cache)
  let sameAsPublic = 0
  for (const variant of hidden) {
    if (sameResult(question, publicResult, await referenceResult(question, variant, runner, cache))) sameAsPublic += 1
  }
  const problems =
    sameAsPublic === 0
      ? []
      : [
          `the reference gives the public result on ${sameAsPublic} of ${hidden.length} hidden variants: a hard-coded public answer passes there. ` +
            'Ask for something the generator varies with the seed (counts, planted days, tied zones) or plant it per seed.',
        ]
  return { checked: hidden.length, sameAsPublic, problems }
}
