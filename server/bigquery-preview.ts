import 'server-only'
// "Run" and the dry-run estimate for BigQuery-dialect homework questions, over the PUBLIC dataset,
// after the question's setup statements (in a throw-away session): on the local engine, or on real
// BigQuery when the server has a project and credentials (BIGQUERY_PROJECT_ID) and the question uses
// no external table, as grading does. Not graded, nothing stored; rate-limited per learner like the
// PostgreSQL preview.
import { z } from 'zod'
import { BigQueryRejectedError, BigQueryRuntimeError } from '../graders/bigquery/errors.ts'
import { estimateSentence } from '../graders/bigquery/format-bytes.ts'
import { bigQueryDataDirIn, localBigQueryPublicData } from '../graders/bigquery/local-data.ts'
import { CloudBigQuery } from '../graders/bigquery/cloud/cloud-bigquery.ts'
import { cloudVariantLoader } from '../graders/bigquery/cloud/cloud-data.ts'
import { cloudBigQueryConfigFromEnv } from '../graders/bigquery/cloud/config.ts'
import { bigQueryQuestionFromCourse } from '../graders/bigquery/course-question.ts'
import { cloudCanGrade } from '../graders/bigquery/engine.ts'
import { type BigQuerySession, openBigQuerySession } from '../graders/bigquery/session.ts'
import type { LoadedQuestion } from '../course/loaded-course.ts'
import { findHomework, getCourse } from './courses/content.ts'
import { readEnv } from './env.ts'
import { AppError, NotFoundError, RateLimitedError } from './errors.ts'
import { logger } from './logger.ts'
import { takeRateLimitToken } from './rate-limit.ts'

export const PREVIEW_ROW_LIMIT = 200
const DRY_RUN_RATE = { capacity: 60, refillPerSecond: 2 }

export const bigQueryDryRunInput = z.object({
  courseSlug: z.string().min(1).max(100),
  homeworkSlug: z.string().min(1).max(100),
  questionSlug: z.string().min(1).max(100),
  sql: z.string().min(1, 'Write a query first.').max(64 * 1024, 'The query is larger than 64 KiB.'),
})

export type BigQueryDryRunResult = { ok: true; bytesProcessed: number; message: string } | { ok: false; message: string }
export type BigQueryRunResult =
  | { ok: true; columns: string[]; rows: (string | null)[][]; truncated: boolean; durationMs: number; estimate: string }
  | { ok: false; message: string; position: number | null }

type SqlQuestion = Extract<LoadedQuestion, { kind: 'sql' }>

let data: ReturnType<typeof localBigQueryPublicData> | undefined
let cloud: ReturnType<typeof cloudVariantLoader> | null | undefined

/** Real BigQuery's variant loader when the environment configures a project; null otherwise. */
function cloudLoader(): ReturnType<typeof cloudVariantLoader> | null {
  if (cloud === undefined) {
    const config = cloudBigQueryConfigFromEnv(readEnv())
    cloud = config ? cloudVariantLoader(new CloudBigQuery(config)) : null
  }
  return cloud
}

async function bigQueryQuestion(input: { courseSlug: string; homeworkSlug: string; questionSlug: string }): Promise<SqlQuestion> {
  const course = await getCourse(input.courseSlug)
  const question = course && findHomework(course, input.homeworkSlug)?.homework.questions.find((entry) => entry.slug === input.questionSlug)
  if (!question || question.kind !== 'sql' || question.spec.engine !== 'bigquery') throw new NotFoundError('That BigQuery question')
  return question
}

/** A session on the public variant with the question's setup run; closed by the caller. */
async function openSession(question: SqlQuestion): Promise<BigQuerySession> {
  data ??= localBigQueryPublicData(bigQueryDataDirIn(readEnv().SYLLABUS_DATA_DIR))
  let session: BigQuerySession
  try {
    const local = await data(question.spec.dataset)
    const loader = cloudLoader()
    const variant = loader && cloudCanGrade(bigQueryQuestionFromCourse('preview', question)) ? await loader(local, false) : local
    session = await openBigQuerySession(variant)
  } catch (error) {
    logger.error({ err: error }, 'bigquery preview: the BigQuery engine is unavailable')
    throw new AppError('unavailable', 'Running BigQuery queries is unavailable right now. Please try again in a minute.')
  }
  try {
    for (const statement of question.spec.setup ?? []) await session.run(statement)
  } catch (error) {
    await session.close()
    logger.error({ err: error, question: question.slug }, 'bigquery preview: the question setup failed')
    throw new AppError('unavailable', "This question's tables could not be prepared. Please tell the course staff.")
  }
  return session
}

async function limit(userId: string, key: string, rate: { capacity: number; refillPerSecond: number }) {
  const decision = await takeRateLimitToken(`${key}:${userId}`, rate)
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds)
}

/** "This query will process X when run." — BigQuery's dry run, locally. */
export async function dryRunBigQueryPreview(userId: string, input: unknown): Promise<BigQueryDryRunResult> {
  const parsed = bigQueryDryRunInput.parse(input)
  const question = await bigQueryQuestion(parsed)
  await limit(userId, 'bigquery-dry-run', DRY_RUN_RATE)
  const session = await openSession(question)
  try {
    const { bytesProcessed } = await session.dryRun(parsed.sql)
    return { ok: true, bytesProcessed, message: estimateSentence(bytesProcessed) }
  } catch (error) {
    if (error instanceof BigQueryRejectedError || error instanceof BigQueryRuntimeError) return { ok: false, message: error.message }
    throw error
  } finally {
    await session.close()
  }
}

/** Runs the learner's statement on the public data (a CREATE runs in the throw-away session). */
export async function runBigQueryPreview(question: SqlQuestion, sql: string): Promise<BigQueryRunResult> {
  const session = await openSession(question)
  try {
    const outcome = await session.run(sql)
    const rows = outcome.result.rows.slice(0, PREVIEW_ROW_LIMIT)
    return {
      ok: true,
      columns: outcome.result.columns.map((column) => column.name),
      rows,
      truncated: outcome.result.truncated || outcome.result.rows.length > rows.length,
      durationMs: Math.round(outcome.result.durationMs),
      estimate: estimateSentence(outcome.bytesProcessed).replace('will process', 'processed').replace(' when run', ''),
    }
  } catch (error) {
    if (error instanceof BigQueryRejectedError || error instanceof BigQueryRuntimeError) return { ok: false, message: error.message, position: null }
    throw error
  } finally {
    await session.close()
  }
}
