// Author check: a question whose reference gives the same result on the public data as on a hidden
// variant can be passed there by hard-coding the public answer. Grading never checks an attempt on
// such a variant (grade-sql-answer.ts chooses among the others), so a question needs enough variants
// where its result moves: `syllabus course check` fails it when fewer than half of the pool do.
import { type ReferenceCache, referenceResult, sameReferenceResult } from './grade-sql-answer.ts'
import type { SqlGradingQuestion } from './sql-question.ts'
import type { DatasetVariant, SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

export interface VariationReport {
  /** Hidden variants checked. */
  checked: number
  /** Hidden variants on which the reference returns the public result: a hard-coded answer passes there. */
  sameAsPublic: number
  problems: string[]
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
    if (sameReferenceResult(question, publicResult, await referenceResult(question, variant, runner, cache))) sameAsPublic += 1
  }
  return { checked: hidden.length, sameAsPublic, problems: variationProblems(sameAsPublic, hidden.length, 'counts, planted days, tied zones', 'or plant it per seed') }
}

/**
 * The rule both engines apply: the reference must differ from its public result on at least half of
 * the hidden variants (and on one at least), or a hard-coded public answer passes too often.
 */
export function variationProblems(sameAsPublic: number, variants: number, variedFacts: string, otherwise: string): string[] {
  const differing = variants - sameAsPublic
  if (differing * 2 >= variants && differing > 0) return []
  return [
    `the reference gives the public result on ${sameAsPublic} of ${variants} hidden variants, so a hard-coded public answer is caught on too few of them. ` +
      `Ask for something the generator varies with the seed (${variedFacts}) ${otherwise}.`,
  ]
}
