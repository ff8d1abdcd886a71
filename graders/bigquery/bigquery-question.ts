// What the BigQuery engine needs to know about a question: everything that decides a grade.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { sqlCompareOptions } from '../sql/sql-question.ts'

export const bigQueryStatementKinds = ['select', 'create_table', 'create_external_table'] as const
export type BigQueryStatementKind = (typeof bigQueryStatementKinds)[number]

export const bigQueryGradingQuestion = z.object({
  /** `<homework-id>/<question-id>`. */
  id: z.string().min(1),
  solutionSql: z.string().min(1),
  /** BigQuery statements run first in every session, for the answer and the reference alike (e.g. the external table). */
  setup: z.array(z.string().min(1)).default([]),
  statements: z.array(z.enum(bigQueryStatementKinds)).min(1).default(['select']),
  compare: sqlCompareOptions
    .extend({
      /** The dry-run byte estimate (of the query, or of check_query after DDL) must equal the reference's. */
      estimate: z.boolean().default(false),
      /** After CREATE TABLE: the table's columns, partitioning and clustering must be the reference's (table-layout.ts). */
      table_layout: z.boolean().default(false),
    })
    .prefault({}),
  /** After a CREATE statement: the query whose result (and estimate) is compared. */
  check_query: z.string().min(1).optional(),
})

export type BigQueryGradingQuestion = z.output<typeof bigQueryGradingQuestion>
export type BigQueryGradingQuestionInput = z.input<typeof bigQueryGradingQuestion>

export function bigQueryReferenceHash(question: BigQueryGradingQuestion): string {
  return createHash('sha256')
    .update(JSON.stringify([question.solutionSql, question.setup, question.check_query ?? null, question.compare]))
    .digest('hex')
}

/** The local engine's statement kinds, as the course format names them. */
export function courseKindOf(kind: 'query' | 'create_table' | 'create_external_table'): BigQueryStatementKind {
  return kind === 'query' ? 'select' : kind
}
