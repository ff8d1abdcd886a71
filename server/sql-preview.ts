import 'server-only'
// "Run" on a homework's SQL question: the learner's query on the PUBLIC dataset, through the same
// sandbox the grader uses, with a small row cap. Not graded, nothing stored; rate-limited per learner.
import { z } from 'zod'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import { SandboxUnavailableError, SqlRejectedError, SqlRuntimeError } from '../sandbox/postgres/index.ts'
import { getCourse, findHomework } from './courses/content.ts'
import { readEnv } from './env.ts'
import { AppError, NotFoundError, RateLimitedError } from './errors.ts'
import { logger } from './logger.ts'
import { takeRateLimitToken } from './rate-limit.ts'

export const PREVIEW_ROW_LIMIT = 200
const PREVIEW_RATE = { capacity: 20, refillPerSecond: 0.5 }

export const sqlPreviewInput = z.object({
  courseSlug: z.string().min(1).max(100),
  homeworkSlug: z.string().min(1).max(100),
  questionSlug: z.string().min(1).max(100),
  sql: z.string().min(1, 'Write a query first.').max(64 * 1024, 'The query is larger than 64 KiB.'),
})

export type SqlPreviewResult =
  | { ok: true; columns: string[]; rows: (string | null)[][]; truncated: boolean; durationMs: number }
  | { ok: false; message: string; position: number | null }

let environment: Promise<SqlGradingEnvironment> | undefined

function previewEnvironment() {
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  if (!adminUrl) throw new AppError('unavailable', 'Running queries is not available: the grading database is not configured.')
  environment ??= openSqlGradingEnvironment(adminUrl, { poolSize: 2, hiddenSeed }).catch((error) => {
    environment = undefined
    throw error
  })
  return environment
}

export async function runSqlPreview(userId: string, input: unknown): Promise<SqlPreviewResult> {
  const { courseSlug, homeworkSlug, questionSlug, sql } = sqlPreviewInput.parse(input)
  const course = await getCourse(courseSlug)
  const question = course && findHomework(course, homeworkSlug)?.homework.questions.find((q) => q.id === questionSlug)
  if (!question || question.kind !== 'sql' || question.spec.engine !== 'postgres') throw new NotFoundError('That SQL question')

  const decision = await takeRateLimitToken(`sql-preview:${userId}`, PREVIEW_RATE)
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds)

  let env: SqlGradingEnvironment
  try {
    env = await previewEnvironment()
  } catch (error) {
    logger.error({ err: error }, 'sql preview environment unavailable')
    throw new AppError('unavailable', 'Running queries is unavailable right now. Please try again in a minute.')
  }
  const database = env.datasetsFor(question.spec.dataset).public.database
  try {
    const result = await env.sandbox.run(database, sql, {
      allowed: question.spec.statements,
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
