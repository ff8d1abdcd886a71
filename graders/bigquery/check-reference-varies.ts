// Author check for BigQuery questions, as graders/sql/check-reference-varies.ts is for PostgreSQL
// ones: a question whose reference gives the public result (and, when graded, the public estimate) on
// a hidden variant can be passed there by hard-coding the public answer. Grading never checks an
// attempt on such a variant, so a question needs enough variants where its reference moves:
// `syllabus course check` fails it when fewer than half of the pool do.
import type { BigQueryGradingQuestion } from './bigquery-question.ts'
import { type BigQueryGradingData, type BigQueryReferenceCache, defaultBigQueryReferenceCache, referenceOutcome, sameBigQueryReference } from './grade-bigquery-answer.ts'
import { type VariationReport, variationProblems } from '../sql/check-reference-varies.ts'

export async function checkBigQueryReferenceVaries(
  question: BigQueryGradingQuestion,
  data: BigQueryGradingData,
  cache: BigQueryReferenceCache = defaultBigQueryReferenceCache,
): Promise<VariationReport> {
  const hidden = data.hidden ?? []
  if (hidden.length === 0) return { checked: 0, sameAsPublic: 0, problems: ['no hidden variant to compare with: the question has no hidden check'] }
  const publicOutcome = await referenceOutcome(question, data.public, cache)
  let sameAsPublic = 0
  for (const variant of hidden) {
    if (sameBigQueryReference(question, publicOutcome, await referenceOutcome(question, variant, cache))) sameAsPublic += 1
  }
  return { checked: hidden.length, sameAsPublic, problems: variationProblems(sameAsPublic, hidden.length, 'counts, planted days, sizes', 'or grade the estimate') }
}
