// From a course question with its hidden parts (course/question-for-grading.ts) to what the SQL engine grades.
import type { LoadedQuestion } from '../../course/loaded-course.ts'
import { sqlGradingQuestion, type SqlGradingQuestion } from './sql-question.ts'

export type LoadedSqlQuestion = Extract<LoadedQuestion, { kind: 'sql' }>

/** By loaded question (the course reader hands out the same objects until the course changes) and homework slug. */
const converted = new WeakMap<LoadedSqlQuestion, Map<string, SqlGradingQuestion>>()

/** The grader's view of a course's SQL question; the same object for the same loaded question (the worker asks on every SQL job). */
export function sqlQuestionFromCourse(homeworkSlug: string, question: LoadedSqlQuestion): SqlGradingQuestion {
  let byHomework = converted.get(question)
  if (!byHomework) converted.set(question, (byHomework = new Map()))
  let result = byHomework.get(homeworkSlug)
  if (!result) byHomework.set(homeworkSlug, (result = convert(homeworkSlug, question)))
  return result
}

function convert(homeworkSlug: string, question: LoadedSqlQuestion): SqlGradingQuestion {
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
