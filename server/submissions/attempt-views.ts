// What a learner may see of their own submission, as a view built from its rows: shared by the
// `server-only` readers (read-submission.ts) and the homework page's learner's part, which `syllabus web`
// also answers outside Next.js (decision 033), so this module has no `server-only` marker and reads
// nothing itself. The checks are learner-facing by contract (graders never put hidden data in them);
// internal error details are not.
import { z } from 'zod'
import { gradeCheck, gradingProgress, type GradingProgress } from '../../graders/grade-result.ts'
import type { Prisma } from '../db/client.ts'
import { submissionStatusOfRun, type SubmissionStatus } from '../grading/status.ts'
import { submissionsCloseAt } from '../../course/homework-window.ts'
import { feedbackWithheld } from './attempt-policy.ts'
import type { LoadedHomework } from '../../course/loaded-course.ts'

const INFRASTRUCTURE_FAILURE_MESSAGE =
  'We could not grade this answer because of a problem on our side. It does not count against you; please submit it again later.'

export interface SubmissionView {
  id: string
  courseSlug: string
  homeworkId: string
  questionId: string
  /** Counts every submission of the learner to the question, 1, 2, 3… (`Submission.attempt`). */
  submissionNumber: number
  /**
   * The learner's attempt number ("Attempt 2"): counts only the submissions that used an attempt, as the
   * attempt limit does (server/submissions/attempt-use.ts); null for one that used none.
   */
  attemptNumber: number | null
  isLate: boolean
  latePenalty: number
  submittedAt: string
  /** The learner's own answer, as submitted. */
  answer: unknown
  /** Follows the latest grading run: queued → running → graded (or failed); also the name of its live event. */
  status: SubmissionStatus
  /**
   * Set while the homework's verdicts are withheld (feedback: after_deadline): when they will be
   * shown. Verdict, score, points and checks are then null/empty, so nothing says right or wrong.
   */
  feedbackWithheldUntil: string | null
  run: {
    id: string
    status: SubmissionStatus
    verdict: string | null
    score: number | null
    points: number | null
    checks: z.infer<typeof gradeCheck>[]
    /** Why a failed run failed, in a sentence for the learner. */
    message: string | null
    attempts: number
    /** The grading engine (quiz, sql, python): the page says what is happening in its words. */
    engine: string
    /** While queued: 1 = next in line for its engine. Null otherwise, and in lists. */
    queuePosition: number | null
    /** While running: what the engine reported it is doing (running check 2 of 5). Null otherwise. */
    progress: GradingProgress | null
    queuedAt: string
    startedAt: string | null
    finishedAt: string | null
    durationMs: number | null
  } | null
}

const storedChecks = z.array(gradeCheck)

function parseProgress(stored: unknown): GradingProgress | null {
  const parsed = gradingProgress.safeParse(stored)
  return parsed.success ? parsed.data : null
}

export const submissionViewSelect = {
  id: true,
  userId: true,
  attempt: true,
  isLate: true,
  latePenalty: true,
  submittedAt: true,
  answer: true,
  question: { select: { slug: true, homework: { select: { slug: true, course: { select: { slug: true } } } } } },
  gradingRuns: { orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }], take: 1 },
} satisfies Prisma.SubmissionSelect

type SubmissionRow = Prisma.SubmissionGetPayload<{ select: typeof submissionViewSelect }>
type RunRow = SubmissionRow['gradingRuns'][number]
/** What a view is made of: a submission and its latest run (the JSON columns as whatever they hold). */
type ViewedSubmission = Omit<Pick<SubmissionRow, 'id' | 'attempt' | 'isLate' | 'latePenalty' | 'submittedAt' | 'answer' | 'question'>, 'answer'> & {
  answer: unknown
  /** Read with `attemptNumberSql`. */
  attemptNumber: number | null
  gradingRuns: (Omit<Pick<RunRow, 'id' | 'status' | 'engine' | 'verdict' | 'score' | 'points' | 'checks' | 'error' | 'deadLetteredAt' | 'attempts' | 'progress' | 'queuedAt' | 'startedAt' | 'finishedAt' | 'durationMs'>, 'checks' | 'progress'> & {
    checks: unknown
    progress: unknown
  })[]
}

/** The same for a learner's own window (`learnerWindow`) already read. */
export function withheldUntilIn(window: LoadedHomework | null | undefined, now: Date): Date | null {
  return window && feedbackWithheld(window, now) ? submissionsCloseAt(window) : null
}

export function toSubmissionView(submission: ViewedSubmission, withheldUntil: Date | null): SubmissionView {
  const view = fullSubmissionView(submission)
  if (!withheldUntil || !view.run) return { ...view, feedbackWithheldUntil: withheldUntil?.toISOString() ?? null }
  return {
    ...view,
    feedbackWithheldUntil: withheldUntil.toISOString(),
    run: { ...view.run, verdict: null, score: null, points: null, checks: [] },
  }
}

function fullSubmissionView(submission: ViewedSubmission): Omit<SubmissionView, 'feedbackWithheldUntil'> {
  const run = submission.gradingRuns[0]
  const runStatus = run ? submissionStatusOfRun[run.status] : 'queued'
  const parsedChecks = storedChecks.safeParse(run?.checks ?? [])
  return {
    id: submission.id,
    courseSlug: submission.question.homework.course.slug,
    homeworkId: submission.question.homework.slug,
    questionId: submission.question.slug,
    submissionNumber: submission.attempt,
    attemptNumber: submission.attemptNumber,
    isLate: submission.isLate,
    latePenalty: submission.latePenalty,
    submittedAt: submission.submittedAt.toISOString(),
    answer: submission.answer,
    status: runStatus,
    run: run
      ? {
          id: run.id,
          status: runStatus,
          verdict: run.verdict,
          score: run.score,
          points: run.points,
          checks: parsedChecks.success ? parsedChecks.data : [],
          // Our own sentences (engine unavailable, question removed) are shown; dead-letter details stay in the log.
          message: run.status === 'failed' ? (run.deadLetteredAt ? INFRASTRUCTURE_FAILURE_MESSAGE : (run.error ?? INFRASTRUCTURE_FAILURE_MESSAGE)) : null,
          attempts: run.attempts,
          engine: run.engine,
          queuePosition: null,
          progress: run.status === 'running' ? parseProgress(run.progress) : null,
          queuedAt: run.queuedAt.toISOString(),
          startedAt: run.startedAt?.toISOString() ?? null,
          finishedAt: run.finishedAt?.toISOString() ?? null,
          durationMs: run.durationMs,
        }
      : null,
  }
}

/**
 * One attempt as a single SQL statement lists it (the homework page's learner's part, built as JSON by
 * PostgreSQL): the columns `submissionViewSelect` reads, times as ISO strings, the latest run or null.
 */
export interface ListedAttemptRow {
  id: string
  questionSlug: string
  attempt: number
  attemptNumber: number | null
  isLate: boolean
  latePenalty: number
  submittedAt: string
  answer: unknown
  run: {
    id: string
    status: RunRow['status']
    engine: string
    verdict: RunRow['verdict']
    score: number | null
    points: number | null
    checks: unknown
    error: string | null
    deadLettered: boolean
    attempts: number
    progress: unknown
    queuedAt: string
    startedAt: string | null
    finishedAt: string | null
    durationMs: number | null
  } | null
}

/** The views of a learner's own attempts at one homework, from rows listed as `ListedAttemptRow` (newest first, as given). */
export function listedAttemptViews(rows: ListedAttemptRow[], where: { courseSlug: string; homeworkSlug: string }, withheldUntil: Date | null): SubmissionView[] {
  const homework = { slug: where.homeworkSlug, course: { slug: where.courseSlug } }
  return rows.map((row) => {
    const run = row.run
    const submission: ViewedSubmission = {
      id: row.id,
      attempt: row.attempt,
      attemptNumber: row.attemptNumber,
      isLate: row.isLate,
      latePenalty: row.latePenalty,
      submittedAt: new Date(row.submittedAt),
      answer: row.answer,
      question: { slug: row.questionSlug, homework },
      gradingRuns: run
        ? [
            {
              id: run.id,
              status: run.status,
              engine: run.engine,
              verdict: run.verdict,
              score: run.score,
              points: run.points,
              checks: run.checks,
              error: run.error,
              // Only whether it is set is shown (the learner gets our sentence, not the details).
              deadLetteredAt: run.deadLettered ? new Date(0) : null,
              attempts: run.attempts,
              progress: run.progress,
              durationMs: run.durationMs,
              queuedAt: new Date(run.queuedAt),
              startedAt: run.startedAt === null ? null : new Date(run.startedAt),
              finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt),
            },
          ]
        : [],
    }
    return toSubmissionView(submission, withheldUntil)
  })
}
