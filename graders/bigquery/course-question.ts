// From the course loader's question (engine: bigquery) to what the BigQuery engine grades.
import type { LoadedQuestion } from '../../course/loaded-course.ts'
import { type BigQueryGradingQuestion, bigQueryGradingQuestion, type BigQueryStatementKind } from './bigquery-question.ts'

export type LoadedBigQueryQuestion = Extract<LoadedQuestion, { kind: 'sql' }>

const STATEMENT_KINDS: Record<string, BigQueryStatementKind> = {
  select: 'select',
  create_table_as: 'create_table',
  create_external_table: 'create_external_table',
}

export function bigQueryQuestionFromCourse(homeworkId: string, question: LoadedBigQueryQuestion): BigQueryGradingQuestion {
  const { spec } = question
  return bigQueryGradingQuestion.parse({
    id: `${homeworkId}/${question.slug}`,
    solutionSql: question.hidden.solutionSql,
    setup: spec.setup ?? [],
    statements: spec.statements.map((kind) => {
      const mapped = STATEMENT_KINDS[kind]
      if (!mapped) throw new Error(`${homeworkId}/${question.slug}: ${kind} is not a BigQuery statement kind`)
      return mapped
    }),
    compare: spec.compare,
    ...(spec.check_query ? { check_query: spec.check_query } : {}),
  })
}
