// Results: each submission's score from its counted reviews (scoring.ts), each review's agreement, the
// author's pass or fail with the reason, and the author's course points (course-points.ts). Computed
// when the review window closes and again whenever a review is discarded or an instructor overrides;
// an override stands until the next override.
import { criterionMaxPoints, minReviewsForScore } from '../../course/schema.ts'
import { db } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'
import { projectAccess, requireAccess } from './access.ts'
import type { ProjectContext } from './context.ts'
import { recomputeProjectCoursePoints } from './course-points.ts'
import { attemptPhase } from './phases.ts'
import { reviewDuty, type Tx } from './review-duty.ts'
import { passVerdict, reviewAgreements, scoreProject, type CountedReview } from './scoring.ts'

function answersOf(review: { answers: { criterionId: string; levels: number[] }[] }) {
  return Object.fromEntries(review.answers.map((answer) => [answer.criterionId, answer.levels]))
}

export async function recomputeSubmissionScore(tx: Tx, context: ProjectContext, submissionId: string) {
  const submission = await tx.projectSubmission.findUniqueOrThrow({
    where: { id: submissionId },
    include: {
      overrides: { orderBy: { createdAt: 'desc' }, take: 1 },
      assignments: { include: { review: { include: { answers: true } } } },
    },
  })
  const counted = submission.assignments
    .map((assignment) => assignment.review)
    .filter((review): review is NonNullable<typeof review> => Boolean(review?.submittedAt && !review.discardedAt))
    .sort((a, b) => a.id.localeCompare(b.id))
  const reviews: CountedReview[] = counted.map((review) => ({ id: review.id, answers: answersOf(review) }))
  const rubric = context.project.rubric
  // Agreement for every submitted review (discarded ones are compared too, so instructors see how far they were).
  const submitted = submission.assignments.map((a) => a.review).filter((review): review is NonNullable<typeof review> => Boolean(review?.submittedAt))
  const agreements = reviewAgreements(rubric, submitted.map((review) => ({ id: review.id, answers: answersOf(review) })))
  for (const agreement of agreements) {
    await tx.peerReview.update({ where: { id: agreement.reviewId }, data: { agreement: agreement.agreement, isOutlier: agreement.isOutlier } })
  }
  const duty = await reviewDuty(tx, context, submission.attemptId, submission.userId)
  const result = scoreProject(rubric, reviews, minReviewsForScore(context.project))
  const criteria = result.criteria.map((criterion) => ({ ...criterion }))
  const override = submission.overrides[0]
  const common = {
    criteria,
    reviewsReceived: reviews.length,
    reviewsDone: duty.done,
    reviewsRequired: duty.required,
    reviewPoints: duty.reviewPoints,
    learningInPublicPoints: Math.min(context.project.learning_in_public_cap.project, submission.learningInPublicUrls.length) + duty.learningInPublic,
    computedAt: new Date(),
  }
  let fields
  if (override) {
    fields = { ...common, status: 'overridden' as const, projectPoints: override.projectPoints, passed: override.passed, reason: `Set by an instructor: ${override.reason}` }
  } else if (result.status === 'needs_instructor') {
    fields = { ...common, status: 'needs_instructor' as const, projectPoints: null, passed: null, reason: result.reason }
  } else {
    const verdict = passVerdict({ projectPoints: result.projectPoints, passMark: context.project.pass_mark, reviewsDone: duty.done, reviewsRequired: duty.required })
    fields = { ...common, status: 'scored' as const, projectPoints: result.projectPoints, passed: verdict.passed, reason: verdict.reason }
  }
  const score = await tx.projectScore.upsert({ where: { submissionId }, create: { submissionId, ...fields }, update: fields })
  // The author's course total (and the leaderboard) follows the score.
  await recomputeProjectCoursePoints(tx, context, submission.userId)
  return score
}

/** Scores every submission of an attempt whose reviews have closed. Safe to run again. */
export async function computeAttemptResults(context: ProjectContext, attemptId: string, now = new Date()) {
  const attempt = await db.projectAttempt.findFirst({ where: { id: attemptId, courseId: context.courseId } })
  if (!attempt) throw new NotFoundError('That project attempt')
  if (attemptPhase(attempt, now) !== 'results') return 0
  const submissions = await db.projectSubmission.findMany({ where: { attemptId }, select: { id: true } })
  for (const submission of submissions) {
    await db.$transaction((tx) => recomputeSubmissionScore(tx, context, submission.id))
  }
  return submissions.length
}

/** Scores missing for attempts whose results are due (the worker's check; the results page calls it too). */
export async function computeDueResults(context: ProjectContext, now = new Date()) {
  let computed = 0
  for (const attempt of context.attempts) {
    if (attemptPhase(attempt, now) !== 'results') continue
    const missing = await db.projectSubmission.count({ where: { attemptId: attempt.id, score: null } })
    if (missing > 0) computed += await computeAttemptResults(context, attempt.id, now)
  }
  return computed
}

/**
 * The author's results for one submission: per criterion, each anonymous reviewer's level(s) and
 * comment, the median and the points; the total; pass or fail with the reason. Reviewers are numbered in
 * a fixed order unrelated to who they are; discarded reviews are listed as discarded, with no levels.
 */
export async function getResultsForAuthor(context: ProjectContext, userId: string, submissionId: string, now = new Date()) {
  const submission = await db.projectSubmission.findFirst({
    where: { id: submissionId, userId, attempt: { courseId: context.courseId } },
    include: {
      attempt: true,
      score: true,
      assignments: {
        where: { review: { submittedAt: { not: null } } },
        include: { review: { include: { answers: true, feedback: true } } },
      },
    },
  })
  if (!submission) throw new NotFoundError('That project')
  requireAccess(projectAccess('author', attemptPhase(submission.attempt, now)), 'viewReviews', 'Results show once the review window has closed.')
  if (!submission.score) await db.$transaction((tx) => recomputeSubmissionScore(tx, context, submission.id))
  const score = submission.score ?? (await db.projectScore.findUniqueOrThrow({ where: { submissionId } }))
  const reviews = submission.assignments
    .map((assignment) => assignment.review!)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((review, index) => ({
      id: review.id,
      label: `Reviewer ${index + 1}`,
      discarded: Boolean(review.discardedAt),
      overallComment: review.overallComment,
      answers: Object.fromEntries(review.answers.map((answer) => [answer.criterionId, { levels: answer.levels, comment: answer.comment }])),
      feedback: review.feedback && { helpfulness: review.feedback.helpfulness, flag: review.feedback.flag, flagComment: review.feedback.flagComment, resolved: Boolean(review.feedback.resolvedAt) },
    }))
  const criteria = (score.criteria as { criterionId: string; median: number; points: number }[]) ?? []
  return {
    submissionId,
    attemptNumber: submission.attempt.number,
    rubric: context.project.rubric.map((criterion) => ({
      ...criterion,
      maxPoints: criterionMaxPoints(criterion),
      median: criteria.find((entry) => entry.criterionId === criterion.id)?.median ?? null,
      points: criteria.find((entry) => entry.criterionId === criterion.id)?.points ?? null,
    })),
    reviews,
    score: {
      status: score.status,
      projectPoints: score.projectPoints,
      maxPoints: context.project.rubric.reduce((sum, criterion) => sum + criterionMaxPoints(criterion), 0),
      passMark: context.project.pass_mark,
      passed: score.passed,
      reason: score.reason,
      reviewsDone: score.reviewsDone,
      reviewsRequired: score.reviewsRequired,
      reviewPoints: score.reviewPoints,
      learningInPublicPoints: score.learningInPublicPoints,
    },
  }
}
