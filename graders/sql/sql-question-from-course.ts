// From a course question with its hidden parts (course/question-for-grading.ts) to what the SQL engine grades.
import type { LoadedQuestion } from '../../course/loaded-course.ts'
import { sqlGradingQuestion, type SqlGradingQuestion } from './sql-question.ts'

export type LoadedSqlQuestion = Extract<LoadedQuestion, { kind: 'sql' }>

export function sqlQuestionFromCourse(homeworkSlug: string, question: LoadedSqlQuestion): SqlGradingQuestion {
  const { spec } = question
  return sqlGradingQuestion.parse({
    id: `${homeworkSlug}/${question.slug}`,
    dataset: spec.dataset,
    solutionSql: question.hidden.solutionSql,
    statements: spec.statements,
    compare: spec.compare,
    ...(spec.check_query ? { check_query: spec.check_query } : {}),
  })
}
