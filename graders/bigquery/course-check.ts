// The part of `syllabus course check` for BigQuery-dialect questions: every reference must run on the
// local engine, and must give another result (or estimate) than the public one on at least half of
// the hidden pool — otherwise a hard-coded public answer passes the hidden check.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { LruPromiseCache } from '../sql/reference-cache.ts'
import { checkBigQueryReferenceVaries } from './check-reference-varies.ts'
import { bigQueryQuestionFromCourse, type LoadedBigQueryQuestion } from './course-question.ts'
import type { BigQueryGradingData, BigQueryReferenceCache } from './grade-bigquery-answer.ts'

export interface BigQueryQuestionProblem {
  question: string
  problem: string
}

export function bigQueryQuestions(course: LoadedCourse) {
  return course.weeks.flatMap((week) =>
    (week.homework?.questions ?? [])
      .filter((question): question is LoadedBigQueryQuestion => question.kind === 'sql' && question.engine === 'bigquery')
      .map((question) => ({ label: `${course.slug}/${week.homework!.slug}/${question.slug}`, dataset: question.spec.dataset, spec: bigQueryQuestionFromCourse(week.homework!.slug, question) })),
  )
}

export async function checkBigQueryQuestions(
  courses: LoadedCourse[],
  dataFor: (dataset: string) => Promise<BigQueryGradingData>,
): Promise<{ checked: number; problems: BigQueryQuestionProblem[] }> {
  const questions = courses.flatMap(bigQueryQuestions)
  const cache: BigQueryReferenceCache = new LruPromiseCache(1024)
  const problems: BigQueryQuestionProblem[] = []
  for (const { label, dataset, spec } of questions) {
    try {
      const report = await checkBigQueryReferenceVaries(spec, await dataFor(dataset), cache)
      for (const problem of report.problems) problems.push({ question: label, problem })
    } catch (error) {
      problems.push({ question: label, problem: error instanceof Error ? error.message : String(error) })
    }
  }
  return { checked: questions.length, problems }
}
