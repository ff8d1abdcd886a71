// Submitting an answer: validate, check enrollment, deadline, size and rate, then write the
// Submission and its first GradingRun with its job (createRun) in ONE transaction, so that a
// submission is never stored without its job nor a job sent for a submission that was rolled back.
import { z } from 'zod'
import { loadQuestionForGrading } from '../../course/question-for-grading.ts'
import { courseReader } from '../courses/configured-course-reader.ts'
import { submissionsCloseAt } from '../../course/homework-window.ts'
import { slug } from '../../course/schema.ts'
import type { EngineName } from '../../graders/grade-result.ts'
import { db, Prisma } from '../db/client.ts'
import { courseNow } from '../clock.ts'
import { refuseBeforeOpening } from './homework-open.ts'
import { AnswerTooLargeError, DeadlinePassedError, NotEnrolledError, NotFoundError, RateLimitedError } from '../errors.ts'
import { type RateLimit, takeRateLimitToken } from '../rate-limit.ts'
import { getGradingQueue } from '../grading/job-sender.ts'
import { createRun } from '../grading/run-lifecycle.ts'
import type { SubmissionStatus } from '../grading/status.ts'
import { answerSchemaFor, answerSizeBytes, DEFAULT_MAX_ANSWER_BYTES } from './answer-schema.ts'
import { unstorableTextIn } from '../http/json-text.ts'
import { AppError } from '../errors.ts'
import { AttemptsUsedUpError, maxAttemptsFor } from './attempt-policy.ts'
import { usesAnAttemptSql } from './attempt-use.ts'
import { learnerWindow } from '../learners/deadline-extensions.ts'


/**
 * At a deadline rush every connection of the web's pool may be busy: a submit waits up to 10 s for
 * one (Prisma's default is 2 s) rather than fail, and may then take 15 s. Past that the learner gets
 * a 503 with Retry-After (server/errors.ts), never a 500.
 */
const SUBMIT_TRANSACTION = { maxWait: 10_000, timeout: 15_000 }

export const submitAnswerInput = z.object({
  courseSlug: slug,
  /** The homework's slug (its `id` in the course files, e.g. `hw1`). */
  homeworkSlug: slug,
  /** The question's slug (its `id` in the homework, e.g. `docker-rm-flag`). */
  questionSlug: slug,
  // NUL and lone surrogates cannot be stored: a 422 here rather than a 500 from PostgreSQL.
  answer: z.unknown().superRefine((answer, context) => {
    const problem = unstorableTextIn(answer)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  }),
  /** From the client's Idempotency-Key: a retried request returns the first submission. */
  idempotencyKey: z.string().min(8).max(200).optional(),
})
export type SubmitAnswerInput = z.input<typeof submitAnswerInput>

/** Five quick submits, then one every ten seconds, per learner. */
export const DEFAULT_SUBMIT_RATE_LIMIT: RateLimit = { capacity: 5, refillPerSecond: 0.1 }

export interface SubmitAnswerOptions {
  now?: Date
  maxAnswerBytes?: number
  rateLimit?: RateLimit
}

export interface SubmittedAnswer {
  submissionId: string
  runId: string
  /** Counts every submission to the question (attempt-use.ts); not the attempt number. */
  submissionNumber: number
  status: SubmissionStatus
  isLate: boolean
  latePenalty: number
}

export type Lateness = { isLate: false; latePenalty: 0 } | { isLate: true; latePenalty: number }

/** On time, late with the homework's penalty, or refused after the last allowed moment. */
export function latenessAt(now: Date, homework: { deadline: Date; latePolicy: { until: Date; penalty: number } | null }): Lateness {
  if (now <= homework.deadline) return { isLate: false, latePenalty: 0 }
  if (homework.latePolicy && now <= homework.latePolicy.until) return { isLate: true, latePenalty: homework.latePolicy.penalty }
  throw new DeadlinePassedError(submissionsCloseAt(homework))
}

/** JSON with object keys sorted, so equal answers compare equal whatever order jsonb kept. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** What an Idempotency-Key is bound to: the question and the answer (as stored). */
function requestFingerprint(questionId: string, answer: unknown): string {
  return `${questionId}\u0000${canonicalJson(answer)}`
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super('unprocessable', 'This Idempotency-Key was already used for a different answer. Use a new key for a new answer.', {
      idempotencyKey: 'Already used for a different request.',
    })
  }
}

/**
 * The submission an earlier request with this key created, when it was the same request; a key
 * reused for another question or answer is refused (422), never answered with the other submission.
 */
async function existingSubmission(userId: string, idempotencyKey: string, fingerprint: string): Promise<SubmittedAnswer | null> {
  const submission = await db.submission.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: {
      id: true,
      questionId: true,
      answer: true,
      attempt: true,
      status: true,
      isLate: true,
      latePenalty: true,
      gradingRuns: { orderBy: { queuedAt: 'asc' }, take: 1, select: { id: true } },
    },
  })
  if (!submission) return null
  const { id, gradingRuns, questionId, answer, attempt, ...rest } = submission
  if (requestFingerprint(questionId, answer) !== fingerprint) throw new IdempotencyKeyReusedError()
  return { submissionId: id, runId: gradingRuns[0]!.id, submissionNumber: attempt, ...rest }
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: unknown } | null)?.code === 'P2002'
}

export async function submitAnswer(
  input: SubmitAnswerInput & { userId: string },
  { now = courseNow(), maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES, rateLimit = DEFAULT_SUBMIT_RATE_LIMIT }: SubmitAnswerOptions = {},
): Promise<SubmittedAnswer> {
  const {
    courseSlug,
    homeworkSlug,
    questionSlug,
    answer: rawAnswer,
    idempotencyKey,
  } = submitAnswerInput.parse(input)
  const { userId } = input
  if (answerSizeBytes(rawAnswer) > maxAnswerBytes) throw new AnswerTooLargeError(maxAnswerBytes)

  const questionRow = await db.question.findFirst({
    where: { slug: questionSlug, archivedAt: null, homework: { slug: homeworkSlug, archivedAt: null, course: { slug: courseSlug, archivedAt: null } } },
    select: { id: true, engine: true, homework: { select: { courseId: true } } },
  })
  // Only courses the database knows are looked up in the files: an unknown slug is a 404, not a missing folder.
  const found = questionRow ? await loadQuestionForGrading(courseReader(), { courseSlug, homeworkSlug, questionSlug }) : null
  if (!found || !questionRow) throw new NotFoundError('That question')
  const parsedAnswer = answerSchemaFor(found.question.spec).safeParse(rawAnswer)
  if (!parsedAnswer.success) {
    throw new z.ZodError(parsedAnswer.error.issues.map((issue) => ({ ...issue, path: ['answer', ...issue.path] })))
  }
  const answer = parsedAnswer.data as Prisma.InputJsonValue

  const enrolled = await db.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId: questionRow.homework.courseId } },
    select: { id: true },
  })
  if (!enrolled) throw new NotEnrolledError()
  refuseBeforeOpening(found.homework, found.course.config.timezone, now)
  const window = await learnerWindow(userId, { courseSlug, homeworkSlug }, found.homework)
  const lateness = latenessAt(now, { deadline: window.deadline, latePolicy: window.latePolicy })

  const questionId = questionRow.id
  const fingerprint = requestFingerprint(questionId, answer)
  if (idempotencyKey) {
    const earlier = await existingSubmission(userId, idempotencyKey, fingerprint)
    if (earlier) return earlier
  }
  const decision = await takeRateLimitToken(`submit:${userId}`, rateLimit)
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds)

  const maxAttempts = maxAttemptsFor(found.homework, found.question.spec.kind)
  const engine = found.question.engine as EngineName
  const boss = await getGradingQueue()
  try {
    return await db.$transaction(async (tx) => {
      // Submission numbers of one learner's question are handed out one at a time.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('syllabus-submit'), hashtext(${`${userId}:${questionId}`}))`
      const previous = await tx.submission.aggregate({ where: { userId, questionId }, _max: { attempt: true } })
      const attempt = (previous._max.attempt ?? 0) + 1
      // Checked under the lock, so concurrent submits cannot slip past the course's limit.
      if (maxAttempts !== null) {
        const [{ used }] = await tx.$queryRaw<[{ used: number }]>`
          SELECT count(*)::int AS used FROM "Submission" s
           WHERE s."userId" = ${userId} AND s."questionId" = ${questionId} AND ${Prisma.raw(usesAnAttemptSql('s'))}`
        if (used >= maxAttempts) throw new AttemptsUsedUpError(maxAttempts)
      }
      const submission = await tx.submission.create({
        data: {
          userId,
          questionId,
          answer,
          attempt,
          isLate: lateness.isLate,
          latePenalty: lateness.latePenalty,
          submittedAt: now,
          ...(idempotencyKey ? { idempotencyKey } : {}),
        },
        select: { id: true },
      })
      const runId = await createRun(tx, boss, { submissionId: submission.id, engine, trigger: 'submit' })
      return { submissionId: submission.id, runId, submissionNumber: attempt, status: 'queued' as const, ...lateness }
    }, SUBMIT_TRANSACTION)
  } catch (error) {
    // Two requests with one key raced: the loser answers with the winner's submission.
    if (idempotencyKey && isUniqueViolation(error)) {
      const winner = await existingSubmission(userId, idempotencyKey, fingerprint)
      if (winner) return winner
    }
    throw error
  }
}
