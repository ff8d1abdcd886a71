// The part of `syllabus course check` that needs the grading cluster: every PostgreSQL question's
// reference must run, and must give a different result on the public data than on each hidden variant
// of the pool — otherwise a hard-coded public answer passes the hidden check (docs/security.md).
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { checkReferenceVaries } from '../../graders/sql/check-reference-varies.ts'
import { openSqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from '../../graders/sql/sql-question-from-course.ts'

export interface SqlQuestionProblem {
  question: string
  problem: string
}

export function postgresQuestions(course: LoadedCourse) {
  return course.weeks.flatMap((week) =>
    (week.homework?.questions ?? [])
      .filter((question): question is LoadedSqlQuestion => question.kind === 'sql' && question.engine === 'postgres')
      .map((question) => ({ label: `${course.slug}/${week.homework!.slug}/${question.slug}`, spec: sqlQuestionFromCourse(week.homework!.slug, question) })),
  )
}

/** Runs every reference on the public data and each hidden variant; returns what fails, per question. */
export async function checkSqlQuestions(
  adminUrl: string,
  courses: LoadedCourse[],
  { hiddenSeed, onProgress }: { hiddenSeed?: number | undefined; onProgress?: (message: string) => void } = {},
): Promise<{ checked: number; problems: SqlQuestionProblem[] }> {
  const questions = courses.flatMap(postgresQuestions)
  if (questions.length === 0) return { checked: 0, problems: [] }
  // A one-shot command: the pool is built (or found) as the worker would, and not rotated from here.
  const environment = await openSqlGradingEnvironment(adminUrl, { poolSize: 2, rotateHiddenVariants: false, hiddenSeed, ...(onProgress ? { onProgress } : {}) })
  const problems: SqlQuestionProblem[] = []
  try {
    for (const { label, spec } of questions) {
      try {
        const report = await checkReferenceVaries(spec, environment.runner, environment.datasetsFor(spec.dataset))
        for (const problem of report.problems) problems.push({ question: label, problem })
      } catch (error) {
        problems.push({ question: label, problem: error instanceof Error ? error.message : String(error) })
      }
    }
  } finally {
    await environment.close()
  }
  return { checked: questions.length, problems }
}
