// What the project page and the learner's dashboard show: each attempt's phase and windows, and for a
// signed-in learner where they stand (submitted? reviews done? passed?) and their next deadline.
import { db } from '../db/client.ts'
import type { ProjectContext } from './context.ts'
import { attemptPhase, effectiveWindows, nextDeadline, PHASE_LABEL } from './phases.ts'
import { submittableAttempt } from './submission.ts'

export async function projectOverview(context: ProjectContext, userId: string | null, now = new Date()) {
  const attempts = context.attempts.map((attempt) => ({
    id: attempt.id,
    number: attempt.number,
    phase: attemptPhase(attempt, now),
    phaseLabel: PHASE_LABEL[attemptPhase(attempt, now)],
    ...effectiveWindows(attempt),
  }))
  if (!userId) return { attempts, learner: null }
  const [submissions, reviews] = await Promise.all([
    db.projectSubmission.findMany({
      where: { userId, attempt: { courseId: context.courseId } },
      select: { id: true, attemptId: true, updatedAt: true, score: { select: { status: true, projectPoints: true, passed: true, reason: true } } },
    }),
    db.reviewAssignment.findMany({
      where: { reviewerId: userId, replacedAt: null, submission: { attempt: { courseId: context.courseId } } },
      select: { kind: true, submission: { select: { attemptId: true } }, review: { select: { submittedAt: true } } },
    }),
  ])
  const { attempt, phase, passedBefore } = await submittableAttempt(context, userId, now)
  const submission = submissions.find((row) => row.attemptId === attempt.id) ?? null
  const reviewsHere = reviews.filter((row) => row.submission.attemptId === attempt.id && row.kind === 'assigned')
  // Someone who passed or did not submit and has no reviews to do has no deadline in this attempt.
  const deadline = passedBefore || (phase !== 'upcoming' && phase !== 'submissions' && !submission && reviewsHere.length === 0) ? null : nextDeadline(attempt, now)
  return {
    attempts,
    learner: {
      attemptNumber: attempt.number,
      phase,
      phaseLabel: PHASE_LABEL[phase],
      passedBefore,
      nextDeadline: deadline,
      submission,
      reviewsAssigned: reviewsHere.length,
      reviewsDone: reviewsHere.filter((row) => row.review?.submittedAt).length,
      resultsFor: submissions.filter((row) => row.score).map((row) => ({ submissionId: row.id, attemptNumber: context.attempts.find((a) => a.id === row.attemptId)!.number, ...row.score! })),
    },
  }
}
