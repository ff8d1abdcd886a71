// The state changes of a grading run, each one transaction ending in a NOTIFY on `grading_run`
// (payload: the run id) for live status. Every change is a compare-and-set on the run's status:
// only a run that is not final may start, fail or receive a result, so a job delivered twice (a
// worker died after storing the result, or a slow worker outlived its job's expiry) is stored once.
import type { GradeResult } from '../../graders/grade-result.ts'
import { db, type GradingRunStatus, type Prisma } from '../db/client.ts'
import { type DbTransaction, recomputeScores, type ScoringPolicy } from '../scores/recompute-scores.ts'

export const GRADING_RUN_CHANNEL = 'grading_run'
const openStatuses: GradingRunStatus[] = ['queued', 'running']

export async function notifyRunChanged(tx: DbTransaction, runId: string) {
  await tx.$executeRaw`SELECT pg_notify(${GRADING_RUN_CHANNEL}, ${runId})`
}

const runToGradeSelect = {
  id: true,
  attempts: true,
  engine: true,
  submission: {
    select: {
      id: true,
      userId: true,
      answer: true,
      latePenalty: true,
      question: {
        select: { id: true, slug: true, maxPoints: true, homework: { select: { slug: true, course: { select: { slug: true } } } } },
      },
    },
  },
} satisfies Prisma.GradingRunSelect

export type RunToGrade = Prisma.GradingRunGetPayload<{ select: typeof runToGradeSelect }>

/** Marks the run running (one more attempt); null when it is already final, and there is nothing to do. */
export async function startRun(runId: string, workerId: string): Promise<RunToGrade | null> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.gradingRun.updateMany({
      where: { id: runId, status: { in: openStatuses } },
      data: { status: 'running', startedAt: new Date(), attempts: { increment: 1 }, workerId },
    })
    if (count === 0) return null
    const run = await tx.gradingRun.findUniqueOrThrow({ where: { id: runId }, select: runToGradeSelect })
    await tx.submission.update({ where: { id: run.submission.id }, data: { status: 'running' } })
    await notifyRunChanged(tx, runId)
    return run
  })
}

/** An infrastructure failure that will be retried: the run waits in the queue again, the reason kept. */
export async function noteInfrastructureFailure(runId: string, message: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.gradingRun.updateMany({
      where: { id: runId, status: { in: openStatuses } },
      data: { status: 'queued', error: message },
    })
    if (count > 0) await notifyRunChanged(tx, runId)
  })
}

export function pointsFor(result: GradeResult, maxPoints: number, latePenalty: number): number {
  if (result.verdict === 'invalid' || result.verdict === 'error') return 0
  return result.score * maxPoints * (1 - latePenalty)
}

export interface RecordGradingResultInput {
  runId: string
  result: GradeResult
  scoring: ScoringPolicy
  workerId?: string
}

/**
 * Stores a result and recomputes the learner's scores, in one transaction. Returns false (and changes
 * nothing) when the run was already final: a second completion of the same run is a no-op.
 */
export async function recordGradingResult({ runId, result, scoring, workerId }: RecordGradingResultInput): Promise<boolean> {
  if (result.verdict === 'error') throw new Error('An error result is an infrastructure failure, not a result to store')
  return db.$transaction(async (tx) => {
    const run = await tx.gradingRun.findUniqueOrThrow({
      where: { id: runId },
      select: { submission: { select: { id: true, userId: true, questionId: true, latePenalty: true, question: { select: { maxPoints: true } } } } },
    })
    const { submission } = run
    const { count } = await tx.gradingRun.updateMany({
      where: { id: runId, status: { in: openStatuses } },
      data: {
        status: 'succeeded',
        verdict: result.verdict,
        score: result.score,
        points: pointsFor(result, submission.question.maxPoints, submission.latePenalty),
        checks: result.checks,
        error: null,
        finishedAt: new Date(),
        durationMs: result.durationMs,
        ...(workerId ? { workerId } : {}),
      },
    })
    if (count === 0) return false
    await tx.submission.update({ where: { id: submission.id }, data: { status: 'graded' } })
    await recomputeScores(tx, { userId: submission.userId, questionId: submission.questionId, scoring })
    await notifyRunChanged(tx, runId)
    return true
  })
}

export interface FailRunOptions {
  /** The run used up its retries (shown to instructors in listDeadLetteredRuns). */
  deadLettered: boolean
}

/** Ends a run without a result. Scores are untouched: a failed run never costs the learner. */
export async function failRun(runId: string, reason: string, { deadLettered }: FailRunOptions): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const now = new Date()
    const { count } = await tx.gradingRun.updateMany({
      where: { id: runId, status: { in: openStatuses } },
      data: { status: 'failed', error: reason, finishedAt: now, ...(deadLettered ? { deadLetteredAt: now } : {}) },
    })
    if (count === 0) return false
    const run = await tx.gradingRun.findUniqueOrThrow({ where: { id: runId }, select: { submissionId: true } })
    // A failed regrade leaves an earlier result standing.
    const graded = await tx.gradingRun.count({ where: { submissionId: run.submissionId, status: 'succeeded' } })
    await tx.submission.update({ where: { id: run.submissionId }, data: { status: graded > 0 ? 'graded' : 'failed' } })
    await notifyRunChanged(tx, runId)
    return true
  })
}

/** After the last retry: the run fails with the last infrastructure error. Returns the reason, or null if it was final. */
export async function deadLetterRun(runId: string): Promise<string | null> {
  const run = await db.gradingRun.findUnique({ where: { id: runId }, select: { error: true, attempts: true } })
  if (!run) return null
  const attempts = `${run.attempts} attempt${run.attempts === 1 ? '' : 's'}`
  const reason = `Grading gave up after ${attempts}: ${run.error ?? 'the worker stopped responding (it crashed or timed out)'}`
  return (await failRun(runId, reason, { deadLettered: true })) ? reason : null
}

/** For instructors: runs that gave up after their last retry, newest first, with the reason. */
export async function listDeadLetteredRuns({ limit = 100 }: { limit?: number } = {}) {
  return db.gradingRun.findMany({
    where: { deadLetteredAt: { not: null } },
    orderBy: { deadLetteredAt: 'desc' },
    take: limit,
    select: {
      id: true,
      engine: true,
      attempts: true,
      error: true,
      queuedAt: true,
      deadLetteredAt: true,
      workerId: true,
      submission: {
        select: {
          id: true,
          attempt: true,
          submittedAt: true,
          user: { select: { id: true, email: true, name: true } },
          question: { select: { slug: true, homework: { select: { slug: true, course: { select: { slug: true } } } } } },
        },
      },
    },
  })
}
