// Submitting an answer: validate, check enrollment, deadline, size and rate, then write the
// Submission and its first GradingRun with its job (createRun) in ONE transaction, so that a
// submission is never stored without its job nor a job sent for a submission that was rolled back.
import { z } from 'zod'
import { loadQuestionForGrading } from '../../course/question-for-grading.ts'
import { courseReader } from '../courses/configured-course-reader.ts'
import { submissionsCloseAt } from '../../course/homework-window.ts'
import { slug } from '../../course/schema.ts'
import type { EngineName } from '../../graders/grade-result.ts'
import { db, type Prisma } from '../db/client.ts'
import { AnswerTooLargeError, DeadlinePassedError, NotEnrolledError, NotFoundError, RateLimitedError } from '../errors.ts'
import { type RateLimit, takeRateLimitToken } from '../rate-limit.ts'
import { getGradingQueue } from '../grading/job-sender.ts'
import { createRun } from '../grading/run-lifecycle.ts'
import type { SubmissionStatus } from '../grading/status.ts'
import { answerSchemaFor, answerSizeBytes, DEFAULT_MAX_ANSWER_BYTES } from './answer-schema.ts'

export const submitAnswerInput = z.object({
  courseSlug: slug,
  /** The homework's slug (its `id` in the course files, e.g. `hw1`). */
  homeworkSlug: slug,
  /** The question's slug (its `id` in the homework, e.g. `docker-rm-flag`). */
  questionSlug: slug,
  answer: z.unknown(),
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
  attempt: number
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

async function existingSubmission(userId: string, idempotencyKey: string): Promise<SubmittedAnswer | null> {
  const submission = await db.submission.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: { id: true, attempt: true, status: true, isLate: true, latePenalty: true, gradingRuns: { orderBy: { queuedAt: 'asc' }, take: 1, select: { id: true } } },
  })
  if (!submission) return null
  const { id, gradingRuns, ...rest } = submission
  return { submissionId: id, runId: gradingRuns[0]!.id, ...rest }
}

export async function submitAnswer(
  input: SubmitAnswerInput & { userId: string },
  { now = new Date(), maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES, rateLimit = DEFAULT_SUBMIT_RATE_LIMIT }: SubmitAnswerOptions = {},
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
  const lateness = latenessAt(now, { deadline: found.homework.deadline, latePolicy: found.homework.latePolicy })

  if (idempotencyKey) {
    const earlier = await existingSubmission(userId, idempotencyKey)
    if (earlier) return earlier
  }
  const decision = await takeRateLimitToken(`submit:${userId}`, rateLimit)
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds)

  const engine = found.question.engine as EngineName
  const boss = await getGradingQueue()
  return db.$transaction(async (tx) => {
    // Attempt numbers of one learner's question are handed out one at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('syllabus-submit'), hashtext(${`${userId}:${questionRow.id}`}))`
    const previous = await tx.submission.aggregate({ where: { userId, questionId: questionRow.id }, _max: { attempt: true } })
    const attempt = (previous._max.attempt ?? 0) + 1
    const submission = await tx.submission.create({
      data: {
        userId,
        questionId: questionRow.id,
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
    return { submissionId: submission.id, runId, attempt, status: 'queued' as const, ...lateness }
  })
}
