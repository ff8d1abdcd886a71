// What the SQL engine needs to know about a question: everything that decides a grade, nothing that
// is only shown. Built from the course loader's question (see `sqlQuestionFromCourse`) or by tests.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { statementKinds } from '../../sandbox/postgres/check-sql.ts'

export const sqlCompareOptions = z.object({
  /** auto: order matters if the reference (or check_query) sorts at top level. */
  ordered: z.union([z.literal('auto'), z.boolean()]).default('auto'),
  float_tolerance: z.number().min(0).default(1e-6),
  column_names: z.boolean().default(false),
})

export const sqlGradingQuestion = z.object({
  /** `<homework-id>/<question-id>`: names the question in messages and logs. */
  id: z.string().min(1),
  dataset: z.string().min(1),
  solutionSql: z.string().min(1),
  statements: z.array(z.enum(statementKinds)).min(1).default(['select']),
  compare: sqlCompareOptions.prefault({}),
  /**
   * For statements that change the database (CREATE TABLE AS, CREATE VIEW, CREATE INDEX, INSERT …):
   * a query run after the statement, in the same rolled-back transaction, whose result is compared.
   */
  check_query: z.string().min(1).optional(),
})

export type SqlGradingQuestion = z.output<typeof sqlGradingQuestion>
export type SqlGradingQuestionInput = z.input<typeof sqlGradingQuestion>

/** Hash of everything that decides the reference's result: the cache key of that result. */
export function referenceContentHash(question: SqlGradingQuestion): string {
  return createHash('sha256')
    .update(JSON.stringify([question.solutionSql, question.check_query ?? null, question.statements]))
    .digest('hex')
}
