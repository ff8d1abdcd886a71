// `syllabus grade --course <dir|slug> --question <homework-id>/<question-id> --answer-file <file> [--json]`
// Grades one SQL answer the way the worker would, against the grading cluster in GRADING_DATABASE_URL
// (the dispatcher starts the embedded one when it is unset). Prints the GradeResult: `--json` prints
// exactly its JSON, otherwise a table of checks. Exit 0 when graded (whatever the verdict), 1 otherwise.
import { readFile, stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { CourseReader } from '../../course/course-reader.ts'
import { CourseValidationError, formatCourseIssue, loadCourse } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from '../../graders/sql/sql-question-from-course.ts'
import { gradeSqlAnswer } from '../../graders/sql/grade-sql-answer.ts'
import type { HintLevel } from '../../graders/sql/hints/clause-hints.ts'
import { openSqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { coursesRoot } from '../../server/env.ts'
import { bold, dim, green, red } from '../lib/progress.ts'
import { readEnv } from '../../server/env.ts'

const USAGE = 'Usage: npm run syllabus -- grade --course <dir|slug> --question <homework-id>/<question-id> --answer-file <file> [--json]'

class GradeCommandError extends Error {}

function findSqlQuestion(course: LoadedCourse, reference: string): { homeworkSlug: string; question: LoadedSqlQuestion; hintLevel: HintLevel } {
  const [homeworkSlug, questionSlug] = reference.split('/')
  const sqlQuestions = course.weeks.flatMap((week) =>
    (week.homework?.questions ?? []).flatMap((question) =>
      question.kind === 'sql' ? [{ homeworkSlug: week.homework!.slug, question, hintLevel: week.homework!.sqlHints }] : [],
    ),
  )
  const found = sqlQuestions.find((entry) => entry.homeworkSlug === homeworkSlug && entry.question.slug === questionSlug)
  if (found) return found
  const known = sqlQuestions.map((entry) => `${entry.homeworkSlug}/${entry.question.slug}`).join(', ')
  throw new GradeCommandError(`No SQL question "${reference}" in ${course.slug}. SQL questions: ${known || 'none'}.`)
}

/** `--course` is a course folder, or the slug of a course under the configured root (SYLLABUS_COURSES_DIR). */
export async function loadCourseArgument(courseArgument: string): Promise<LoadedCourse> {
  const reader = new CourseReader(coursesRoot())
  const isSlug = reader.courseDir(courseArgument) !== null && !(await isFolder(courseArgument))
  if (!isSlug) return loadCourse(courseArgument)
  const course = await reader.read(courseArgument)
  if (!course) throw new GradeCommandError(`No course "${courseArgument}" under ${reader.root}.`)
  return course
}

function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  )
}

function indent(text: string, prefix: string): string {
  return text.split('\n').join(`\n${prefix}`)
}

function describeFailure(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail
  const message = error instanceof Error ? error.message : String(error)
  return typeof detail === 'string' ? `${message} (${detail})` : message
}

export function formatGradeResult(result: GradeResult): string {
  const width = Math.max(...result.checks.map((check) => check.name.length))
  const lines = result.checks.map((check) => {
    const mark = check.passed ? green('✓') : red('✗')
    return `  ${mark} ${check.name.padEnd(width)}  ${indent(check.message, ' '.repeat(width + 6))}`
  })
  const colour = result.verdict === 'correct' ? green : red
  lines.push('', `${bold('Verdict:')} ${colour(result.verdict)} ${dim(`(score ${result.score}, ${result.durationMs} ms, engine ${result.engine})`)}`)
  return lines.join('\n')
}

export async function run(args: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        course: { type: 'string' },
        question: { type: 'string' },
        'answer-file': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 1
  }
  if (!values.course || !values.question || !values['answer-file']) {
    console.error(USAGE)
    return 1
  }
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  if (!adminUrl) {
    console.error('GRADING_DATABASE_URL is not set: give the superuser URL of the grading PostgreSQL cluster.')
    return 1
  }
  const progress = (message: string) => {
    if (!values.json) console.error(dim(message))
  }

  try {
    const course = await loadCourseArgument(values.course)
    const { homeworkSlug, question, hintLevel } = findSqlQuestion(course, values.question)
    if (question.engine !== 'postgres') throw new GradeCommandError(`${values.question} is graded by ${question.engine}; this command grades postgres questions.`)
    const answerSql = await readFile(values['answer-file'], 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new GradeCommandError(`Cannot read the answer file ${values['answer-file']}: ${error.code ?? error.message}`)
    })
    const spec = sqlQuestionFromCourse(homeworkSlug, question)
    progress(`Preparing the grading cluster (dataset ${spec.dataset}, sandbox role)…`)
    const environment = await openSqlGradingEnvironment(adminUrl, { onProgress: progress, poolSize: 2, hiddenSeed })
    let result: GradeResult
    try {
      result = await gradeSqlAnswer({
        question: spec,
        answerSql,
        runner: environment.runner,
        datasets: { ...environment.datasetsFor(spec.dataset), killing: await environment.killingDatabasesFor(question.hidden.killingData) },
        hintLevel,
        onInfrastructureError: (error) => console.error(red(`Grader failure: ${describeFailure(error)}`)),
      })
    } finally {
      await environment.close()
    }
    console.log(values.json ? JSON.stringify(result, null, 2) : formatGradeResult(result))
    return result.verdict === 'error' ? 1 : 0
  } catch (error) {
    if (error instanceof CourseValidationError) {
      console.error(red(`The course does not load:\n${error.issues.map(formatCourseIssue).join('\n')}`))
    } else if (error instanceof GradeCommandError) {
      console.error(red(error.message))
    } else {
      console.error(red(`Grading failed: ${error instanceof Error ? error.message : String(error)}`))
    }
    return 1
  }
}
