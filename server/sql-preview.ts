import 'server-only'
// "Run" on a homework's SQL question: the learner's query on the PUBLIC dataset, through the same
// sandbox the grader uses, with a small row cap. Not graded, nothing stored. Only for learners
// enrolled in the course; rate-limited per learner, one Run in flight per learner, and at most as many
// Runs at once on the whole site as a preview pool has connections — beyond that a 503 with
// Retry-After, so one learner's slow queries cannot queue up in front of everyone else's. Both limits
// live in PostgreSQL (server/sql-run-lease.ts), so more web processes do not multiply them.
import { z } from 'zod'
import type { SqlQuestionSpec } from '../course/schema.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import type { StatementKind } from '../sandbox/postgres/check-sql.ts'
import { type BigQueryRunResult, runBigQueryPreview } from './bigquery-preview.ts'
import { SandboxUnavailableError, SqlRejectedError, SqlRuntimeError } from '../sandbox/postgres/index.ts'
import { getCourse, findHomework } from './courses/content.ts'
import { readEnv } from './env.ts'
import { AppError, NotEnrolledError, NotFoundError, RateLimitedError } from './errors.ts'
import { getEnrollment } from './learners/enrollment.ts'
import { courseNow } from './clock.ts'
import { refuseBeforeOpening } from './submissions/homework-open.ts'
import { logger } from './logger.ts'
import { takeRateLimitToken } from './rate-limit.ts'
import { withSqlRunLease } from './sql-run-lease.ts'

export const PREVIEW_ROW_LIMIT = 200
const PREVIEW_RATE = { capacity: 20, refillPerSecond: 0.5 }
/** Connections of a process's preview pool; also how many Runs may be in flight at once site-wide. */
export const PREVIEW_POOL_SIZE = 2

export const sqlPreviewInput = z.object({
  courseSlug: z.string().min(1).max(100),
  homeworkSlug: z.string().min(1).max(100),
  questionSlug: z.string().min(1).max(100),
  sql: z.string().min(1, 'Write a query first.').max(64 * 1024, 'The query is larger than 64 KiB.'),
})

export type SqlPreviewResult =
  | { ok: true; columns: string[]; rows: (string | null)[][]; truncated: boolean; durationMs: number }
  | { ok: false; message: string; position: number | null }
  | BigQueryRunResult

let environment: Promise<SqlGradingEnvironment> | undefined

function previewEnvironment() {
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  if (!adminUrl) throw new AppError('unavailable', 'Running queries is not available: the grading database is not configured.')
  environment ??= openSqlGradingEnvironment(adminUrl, { poolSize: PREVIEW_POOL_SIZE, maxLearnerConnections: PREVIEW_POOL_SIZE, hiddenSeed }).catch((error) => {
    environment = undefined
    throw error
  })
  return environment
}

export async function runSqlPreview(userId: string, input: unknown): Promise<SqlPreviewResult> {
  const { courseSlug, homeworkSlug, questionSlug, sql } = sqlPreviewInput.parse(input)
  const course = await getCourse(courseSlug)
  const homework = course && findHomework(course, homeworkSlug)?.homework
  const question = homework?.questions.find((q) => q.slug === questionSlug)
  if (!course || !homework || !question || question.kind !== 'sql') throw new NotFoundError('That SQL question')

  if (!(await getEnrollment(userId, courseSlug))) throw new NotEnrolledError('Enrol in this course to run queries.')
  refuseBeforeOpening(homework, course.config.timezone, courseNow())

  const decision = await takeRateLimitToken(`sql-preview:${userId}`, PREVIEW_RATE)
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds)
  // BigQuery-dialect questions run on the local BigQuery engine (DuckDB), not on PostgreSQL.
  if (question.spec.engine === 'bigquery') return runBigQueryPreview(question, sql)

  // Opened before the lease: the first open loads the public data (a minute on a small machine), and
  // a lease is held only while a query runs.
  const env = await openPreviewEnvironment()
  return withSqlRunLease(userId, PREVIEW_POOL_SIZE, () => runOnPublicData(env, question.spec, sql))
}

async function openPreviewEnvironment(): Promise<SqlGradingEnvironment> {
  try {
    return await previewEnvironment()
  } catch (error) {
    logger.error({ err: error }, 'sql preview environment unavailable')
    throw new AppError('unavailable', 'Running queries is unavailable right now. Please try again in a minute.')
  }
}

async function runOnPublicData(env: SqlGradingEnvironment, spec: SqlQuestionSpec, sql: string): Promise<SqlPreviewResult> {
  const question = { spec }
  const database = env.datasetsFor(question.spec.dataset).public.database
  try {
    const result = await env.sandbox.run(database, sql, {
      // The course schema keeps BigQuery-only kinds off postgres questions.
      allowed: question.spec.statements as StatementKind[],
      limits: { maxRows: PREVIEW_ROW_LIMIT },
    })
    return {
      ok: true,
      columns: result.columns.map((column) => column.name),
      rows: result.rows,
      truncated: result.truncated,
      durationMs: Math.round(result.durationMs),
    }
  } catch (error) {
    if (error instanceof SqlRejectedError || error instanceof SqlRuntimeError) {
      return { ok: false, message: error.message, position: error.position ?? null }
    }
    if (error instanceof SandboxUnavailableError) {
      throw new AppError('unavailable', 'Running queries is unavailable right now. Please try again in a minute.')
    }
    throw error
  }
}
