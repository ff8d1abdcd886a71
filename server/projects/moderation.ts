// The author's word on a review (helpfulness, unfair/unhelpful flag) and the instructor's tools: the
// moderation queue, discarding a review (the score is recomputed), overriding a score (with a reason,
// kept as an audit trail) and moving an attempt's windows.
import { z } from 'zod'
import { criterionMaxPoints } from '../../course/schema.ts'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'
import { projectAccess, requireAccess } from './access.ts'
import { assignAttemptReviewers } from './assign-reviewers.ts'
import { findAttempt, type ProjectContext } from './context.ts'
import { attemptPhase, effectiveWindows } from './phases.ts'
import { computeAttemptResults, recomputeSubmissionScore } from './results.ts'

export const reviewFeedbackInput = z.object({
  helpfulness: z.union([z.literal(''), z.coerce.number().int().min(1, 'Rate from 1 to 5.').max(5, 'Rate from 1 to 5.')]).transform((value) => (value === '' ? null : value)),
  flag: z.enum(['', 'unfair', 'unhelpful']).transform((value) => (value === '' ? null : value)),
  flagComment: z
    .string()
    .trim()
    .max(2000, 'At most 2000 characters.')
    .transform((value) => value || null),
})

/** The author rates or flags a review they received, after results. */
export async function giveReviewFeedback(context: ProjectContext, authorId: string, reviewId: string, input: z.input<typeof reviewFeedbackInput>, now = new Date()) {
  const fields = reviewFeedbackInput.parse(input)
  if (fields.flag && !fields.flagComment) throw new AppError('unprocessable', 'Say what is unfair or unhelpful.', { flagComment: 'Say what is unfair or unhelpful, so an instructor can judge.' })
  const review = await db.peerReview.findFirst({
    where: { id: reviewId, submittedAt: { not: null }, assignment: { submission: { userId: authorId, attempt: { courseId: context.courseId } } } },
    include: { assignment: { select: { submission: { select: { attempt: true } } } }, feedback: true },
  })
  if (!review) throw new NotFoundError('That review')
  requireAccess(projectAccess('author', attemptPhase(review.assignment.submission.attempt, now)), 'giveFeedback', 'You can rate reviews once results are out.')
  // A new or changed flag asks an instructor again.
  const reopen = fields.flag !== null && (fields.flag !== review.feedback?.flag || fields.flagComment !== review.feedback?.flagComment)
  const data = { ...fields, ...(reopen ? { resolvedAt: null, resolvedById: null } : {}) }
  return db.reviewFeedback.upsert({ where: { reviewId }, create: { reviewId, authorId, ...fields }, update: data })
}

/** Everything instructors must look at: projects without a score, flagged reviews, outlier reviews. */
export async function moderationQueue(context: ProjectContext) {
  const [needsInstructor, flagged, outliers] = await Promise.all([
    db.projectScore.findMany({
      where: { status: 'needs_instructor', submission: { attempt: { courseId: context.courseId } } },
      include: { submission: { include: { user: { select: { name: true, email: true } }, attempt: { select: { number: true } } } } },
    }),
    db.reviewFeedback.findMany({
      where: { flag: { not: null }, resolvedAt: null, review: { assignment: { submission: { attempt: { courseId: context.courseId } } } } },
      include: { review: { include: { assignment: { include: { reviewer: { select: { name: true, email: true } }, submission: { select: { id: true, user: { select: { name: true, email: true } } } } } } } } },
    }),
    db.peerReview.findMany({
      where: { isOutlier: true, discardedAt: null, assignment: { submission: { attempt: { courseId: context.courseId } } } },
      include: { assignment: { include: { reviewer: { select: { name: true, email: true } }, submission: { select: { id: true, user: { select: { name: true, email: true } } } } } } },
    }),
  ])
  return { needsInstructor, flagged, outliers }
}

export async function discardReview(context: ProjectContext, instructorId: string, reviewId: string, reason: string, now = new Date()) {
  const text = reason.trim()
  if (!text) throw new AppError('unprocessable', 'Give a reason.', { reason: 'Say why this review is discarded; the reviewer reads it.' })
  return db.$transaction(async (tx) => {
    const review = await tx.peerReview.findFirst({
      where: { id: reviewId, assignment: { submission: { attempt: { courseId: context.courseId } } } },
      include: { assignment: { select: { submissionId: true, reviewerId: true, submission: { select: { attemptId: true } } } } },
    })
    if (!review?.submittedAt) throw new NotFoundError('That submitted review')
    if (review.discardedAt) throw new AppError('conflict', 'This review was discarded already.')
    await tx.peerReview.update({ where: { id: reviewId }, data: { discardedAt: now, discardedById: instructorId, discardReason: text.slice(0, 2000) } })
    await tx.reviewFeedback.updateMany({ where: { reviewId, resolvedAt: null }, data: { resolvedAt: now, resolvedById: instructorId } })
    // The reviewed project's score changes, and so do the reviewer's review points and pass.
    await recomputeSubmissionScore(tx, context, review.assignment.submissionId)
    const reviewersOwn = await tx.projectSubmission.findUnique({
      where: { attemptId_userId: { attemptId: review.assignment.submission.attemptId, userId: review.assignment.reviewerId } },
      select: { id: true, score: { select: { id: true } } },
    })
    if (reviewersOwn?.score) await recomputeSubmissionScore(tx, context, reviewersOwn.id)
  })
}

/** An instructor keeps a flagged review: the flag is resolved, nothing changes. */
export async function keepReview(context: ProjectContext, instructorId: string, reviewId: string, now = new Date()) {
  const { count } = await db.reviewFeedback.updateMany({
    where: { reviewId, resolvedAt: null, review: { assignment: { submission: { attempt: { courseId: context.courseId } } } } },
    data: { resolvedAt: now, resolvedById: instructorId },
  })
  if (count === 0) throw new NotFoundError('That flag')
}

export const scoreOverrideInput = z.object({
  projectPoints: z.coerce.number({ error: 'Enter the points.' }).min(0, 'Points cannot be negative.'),
  passed: z.boolean(),
  reason: z.string().trim().min(5, 'Give a reason (it is kept in the audit trail and shown to the learner).').max(2000),
})

export async function overrideScore(context: ProjectContext, instructorId: string, submissionId: string, input: z.input<typeof scoreOverrideInput>) {
  const fields = scoreOverrideInput.parse(input)
  const maximum = context.project.rubric.reduce((sum, criterion) => sum + criterionMaxPoints(criterion), 0)
  if (fields.projectPoints > maximum) throw new AppError('unprocessable', `At most ${maximum} points.`, { projectPoints: `At most ${maximum} points.` })
  return db.$transaction(async (tx) => {
    const submission = await tx.projectSubmission.findFirst({ where: { id: submissionId, attempt: { courseId: context.courseId } }, select: { id: true } })
    if (!submission) throw new NotFoundError('That project')
    await tx.scoreOverride.create({ data: { submissionId, instructorId, ...fields } })
    return recomputeSubmissionScore(tx, context, submissionId)
  })
}

export type PhaseControl = 'open-submissions' | 'close-submissions' | 'close-reviews'

/**
 * Moves an attempt's window to now: open submissions early, close submissions (then reviewers are assigned
 * at once) or close reviews (then results are computed). Windows only ever move earlier, so nothing that
 * was closed opens again.
 */
export async function moveAttemptPhase(context: ProjectContext, attemptId: string, control: PhaseControl, now = new Date()) {
  const attempt = findAttempt(context, attemptId)
  const phase = attemptPhase(attempt, now)
  const windows = effectiveWindows(attempt)
  if (control === 'open-submissions') {
    if (phase !== 'upcoming') throw new AppError('conflict', 'Submissions are open already.')
    await db.projectAttempt.update({ where: { id: attemptId }, data: { opensAtOverride: now } })
  } else if (control === 'close-submissions') {
    if (phase !== 'submissions') throw new AppError('conflict', 'Submissions are not open.')
    await db.projectAttempt.update({ where: { id: attemptId }, data: { submissionDeadlineOverride: now } })
    await assignAttemptReviewers({ ...context, attempts: context.attempts.map((row) => (row.id === attemptId ? { ...row, submissionDeadlineOverride: now } : row)) }, attemptId, { now })
  } else {
    if (phase !== 'reviewing' && phase !== 'assigning') throw new AppError('conflict', 'Reviews are not open.')
    if (windows.reviewDeadline <= now) throw new AppError('conflict', 'Reviews are closed already.')
    await db.projectAttempt.update({ where: { id: attemptId }, data: { reviewDeadlineOverride: now } })
    await computeAttemptResults(context, attemptId, new Date(now.getTime() + 1))
  }
}

/** Every submission with its reviewers (named: instructors only), their reviews and the score. */
export async function instructorSubmissions(context: ProjectContext) {
  return db.projectSubmission.findMany({
    where: { attempt: { courseId: context.courseId } },
    include: {
      attempt: { select: { number: true } },
      user: { select: { name: true, email: true } },
      score: true,
      overrides: { orderBy: { createdAt: 'desc' }, include: { instructor: { select: { name: true, email: true } } } },
      assignments: {
        orderBy: { assignedAt: 'asc' },
        include: { reviewer: { select: { name: true, email: true } }, review: { select: { id: true, submittedAt: true, agreement: true, isOutlier: true, discardedAt: true, discardReason: true } } },
      },
    },
    orderBy: [{ attempt: { number: 'asc' } }, { createdAt: 'asc' }],
  })
}
