// One question's grader for the author's commands (`syllabus grade`): opened once, it grades any
// number of answers (a batch, or every save in watch mode) the way the worker would, then closes.
// A SQL question opens the grading cluster's environment for its own dataset only; a python question
// connects to Docker and starts a warm container for the next answer. The engines are imported only
// when their kind of question is graded, so the command starts without loading the other one.
import type { LoadedCourse, LoadedQuestion } from '../../course/loaded-course.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import type { HintLevel } from '../../graders/sql/hints/clause-hints.ts'
import { keepWasmOnBaselineTier } from './wasm-baseline-tier.ts'

export class AnswerGraderError extends Error {}

/** What graded answers need from the environment; the dispatcher fills GRADING_DATABASE_URL in. */
export interface AnswerGraderEnvironment {
  adminUrl: string | undefined
  hiddenSeed?: number
  /** The grading cluster's socket folder: python questions with a database need it. */
  socketDir?: string
  onProgress?: (message: string) => void
  /** Details of an infrastructure failure (the result itself is an `error`). */
  onInfrastructureError?: (message: string) => void
}

export interface AnswerGrader {
  question: LoadedQuestion
  /** `<homework>/<question>` */
  reference: string
  grade(source: string): Promise<GradeResult>
  close(): Promise<void>
}

type GradableQuestion = Extract<LoadedQuestion, { kind: 'sql' | 'python' }>

function findQuestion(course: LoadedCourse, reference: string): { homeworkSlug: string; question: GradableQuestion; hintLevel: HintLevel } {
  const [homeworkSlug, questionSlug] = reference.split('/')
  const gradable = course.weeks.flatMap((week) =>
    (week.homework?.questions ?? []).flatMap((question) =>
      question.kind === 'sql' || question.kind === 'python' ? [{ homeworkSlug: week.homework!.slug, question, hintLevel: week.homework!.sqlHints }] : [],
    ),
  )
  const found = gradable.find((entry) => entry.homeworkSlug === homeworkSlug && entry.question.slug === questionSlug)
  if (found) return found
  const known = gradable.map((entry) => `${entry.homeworkSlug}/${entry.question.slug}`).join(', ')
  throw new AnswerGraderError(`No SQL or Python question "${reference}" in ${course.slug}. Questions: ${known || 'none'}.`)
}

function describeFailure(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail
  const message = error instanceof Error ? error.message : String(error)
  return typeof detail === 'string' ? `${message} (${detail})` : message
}

export async function openAnswerGrader(course: LoadedCourse, reference: string, environment: AnswerGraderEnvironment): Promise<AnswerGrader> {
  const { homeworkSlug, question, hintLevel } = findQuestion(course, reference)
  if (question.kind === 'python') return openPythonGrader(question, reference, environment)
  if (question.engine !== 'postgres') throw new AnswerGraderError(`${reference} is graded by ${question.engine}; this command grades postgres and python questions.`)
  const { adminUrl } = environment
  if (!adminUrl) throw new AnswerGraderError('GRADING_DATABASE_URL is not set: give the superuser URL of the grading PostgreSQL cluster.')

  // Before the SQL engine (and libpg-query with it) is loaded: see wasm-baseline-tier.ts.
  keepWasmOnBaselineTier()
  const [{ sqlQuestionFromCourse }, { gradeSqlAnswer }, { openSqlGradingEnvironment }] = await Promise.all([
    import('../../graders/sql/sql-question-from-course.ts'),
    import('../../graders/sql/grade-sql-answer.ts'),
    import('../../graders/sql/grading-environment.ts'),
  ])
  const spec = sqlQuestionFromCourse(homeworkSlug, question)
  environment.onProgress?.(`Opening the grading cluster (dataset ${spec.dataset}, sandbox role)…`)
  const sql = await openSqlGradingEnvironment(adminUrl, {
    datasets: [spec.dataset as never],
    onProgress: environment.onProgress,
    poolSize: 2,
    hiddenSeed: environment.hiddenSeed,
    rotateHiddenVariants: false,
    reuseProvisionedRole: true,
    trustExistingHiddenVariants: true,
  })
  return {
    question,
    reference,
    async grade(answerSql) {
      return gradeSqlAnswer({
        question: spec,
        answerSql,
        runner: sql.runner,
        datasets: { ...sql.datasetsFor(spec.dataset), killing: await sql.killingDatabasesFor(question.hidden.killingData) },
        hintLevel,
        onInfrastructureError: (error) => environment.onInfrastructureError?.(describeFailure(error)),
      })
    },
    // Bounded: closing the sandbox's pools on a loaded machine took longer than grading (22 s after
    // the verdict in one measured run); the command exits right after, and PostgreSQL rolls back and
    // drops the sessions of a client that is gone. (The python grader's close is awaited in full: it
    // removes the warm container.)
    close: () => Promise.race([sql.close(), new Promise<void>((resolve) => setTimeout(resolve, SQL_CLOSE_WAIT_MS).unref())]),
  }
}

const SQL_CLOSE_WAIT_MS = 1_000

async function openPythonGrader(question: Extract<LoadedQuestion, { kind: 'python' }>, reference: string, environment: AnswerGraderEnvironment): Promise<AnswerGrader> {
  const [{ DockerSandbox }, { gradePythonAnswer }, { warmPythonSandbox }, { loadPythonChecks }] = await Promise.all([
    import('../../sandbox/docker/index.ts'),
    import('../../graders/python/grade-python-answer.ts'),
    import('../../graders/python/warm-python-sandbox.ts'),
    import('../../graders/python/checks-spec.ts'),
  ])
  environment.onProgress?.('Connecting to Docker…')
  // One started container waits for the next answer: the runner's start-up is paid while the author edits.
  const sandbox = await DockerSandbox.connect({ warmPoolSize: 1, warmPoolStart: true })
  const needsDatabase = (await loadPythonChecks(question.hidden.testsDir)).database !== undefined
  let database: Promise<{ adminUrl: string; socketDir: string; template: string } | null> | null = null
  const openDatabase = () =>
    (database ??= (async () => {
      const { adminUrl, socketDir } = environment
      if (!adminUrl || !socketDir) return null
      const { ensureScratchTemplate } = await import('../../datasets/nyc-taxi/scratch-template.ts')
      environment.onProgress?.('Preparing the scratch database template…')
      return { adminUrl, socketDir, template: (await ensureScratchTemplate(adminUrl, 'nyc_taxi')).database }
    })())
  await warmPythonSandbox(sandbox, [question], { socketDir: needsDatabase ? environment.socketDir : undefined })
  return {
    question,
    reference,
    grade: (answerSource) => gradePythonAnswer({ question, answerSource, sandbox, database: openDatabase }),
    close: () => sandbox.close(),
  }
}
