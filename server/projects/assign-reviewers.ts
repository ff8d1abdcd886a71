// Assignment in the database: when an attempt's submission window closes (the worker's scheduled check,
// an instructor's button or `syllabus project assign`), every submission of the attempt gets its N
// reviewers (assignment.ts). Idempotent: an attempt is assigned once (assignedAt), under an advisory lock.
import { randomBytes } from 'node:crypto'
import { db } from '../db/client.ts'
import { AppError, ForbiddenError, NotFoundError } from '../errors.ts'
import { logger } from '../logger.ts'
import { assignPeerReviewers, pickReplacementReviewer } from './assignment.ts'
import { requireEnrollment, type ProjectContext } from './context.ts'
import { attemptPhase, effectiveWindows } from './phases.ts'

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

export interface AssignmentOutcome {
  attemptId: string
  kind: 'peer' | 'instructor' | 'already-assigned'
  submissions: number
  assignments: number
}

export async function assignAttemptReviewers(
  context: ProjectContext,
  attemptId: string,
  options: { seed?: string; now?: Date } = {},
): Promise<AssignmentOutcome> {
  const now = options.now ?? new Date()
  const reviewersPerProject = context.project.reviews_per_learner
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`syllabus:project-assign:${attemptId}`}))`
    const attempt = await tx.projectAttempt.findFirst({ where: { id: attemptId, courseId: context.courseId } })
    if (!attempt) throw new NotFoundError('That project attempt')
    const submissions = await tx.projectSubmission.findMany({ where: { attemptId }, select: { id: true, userId: true } })
    if (attempt.assignedAt) return { attemptId, kind: 'already-assigned', submissions: submissions.length, assignments: 0 }
    if (now < effectiveWindows(attempt).submissionDeadline) {
      throw new AppError('conflict', `Attempt ${attempt.number} is still collecting submissions; assign reviewers after it closes.`)
    }
    const seed = options.seed ?? randomBytes(8).toString('hex')
    const plan = assignPeerReviewers(submissions.map((submission) => submission.userId), reviewersPerProject, seed)
    const submissionByUser = new Map(submissions.map((submission) => [submission.userId, submission.id]))
    const rows = plan.kind === 'peer' ? plan.pairs.map((pair) => ({ submissionId: submissionByUser.get(pair.submitterId)!, reviewerId: pair.reviewerId, assignedAt: now })) : []
    await tx.reviewAssignment.createMany({ data: rows })
    await tx.projectAttempt.update({ where: { id: attemptId }, data: { assignedAt: now, assignmentSeed: seed } })
    return { attemptId, kind: plan.kind, submissions: submissions.length, assignments: rows.length }
  })
}

/** The scheduled check: assigns every attempt whose submission window has closed and is not assigned yet. */
export async function assignDueAttempts(contexts: readonly ProjectContext[], now = new Date()): Promise<AssignmentOutcome[]> {
  const outcomes: AssignmentOutcome[] = []
  for (const context of contexts) {
    for (const attempt of context.attempts) {
      if (attempt.assignedAt || attemptPhase(attempt, now) !== 'assigning') continue
      outcomes.push(await assignAttemptReviewers(context, attempt.id, { now }))
    }
  }
  return outcomes
}

async function activeAssignmentsOf(tx: Tx, attemptId: string) {
  return tx.reviewAssignment.findMany({
    where: { replacedAt: null, kind: 'assigned', submission: { attemptId } },
    select: { id: true, reviewerId: true, submission: { select: { userId: true } } },
  })
}

/**
 * Replaces a reviewer who has not started (never opened the review) with the least-loaded other submitter.
 * Instructors may replace any reviewer whose review is not submitted. Returns the new reviewer's id, or
 * null when nobody is eligible (the project then has fewer reviewers; results send it to an instructor if
 * it ends up with too few reviews).
 */
export async function replaceReviewer(context: ProjectContext, assignmentId: string, options: { byInstructor: boolean; now?: Date }) {
  const now = options.now ?? new Date()
  return db.$transaction(async (tx) => {
    const assignment = await tx.reviewAssignment.findFirst({
      where: { id: assignmentId, submission: { attempt: { courseId: context.courseId } } },
      include: { review: { select: { submittedAt: true } }, submission: { select: { attemptId: true, userId: true, attempt: true } } },
    })
    if (!assignment) throw new NotFoundError('That review assignment')
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`syllabus:project-assign:${assignment.submission.attemptId}`}))`
    if (assignment.replacedAt) throw new AppError('conflict', 'This reviewer was replaced already.')
    if (assignment.review?.submittedAt) throw new AppError('conflict', 'This review is submitted; it cannot be reassigned.')
    if (attemptPhase(assignment.submission.attempt, now) !== 'reviewing') throw new AppError('conflict', 'Reviewers can be replaced only while reviews are open.')
    const hoursWaited = (now.getTime() - assignment.assignedAt.getTime()) / 3_600_000
    if (!options.byInstructor && (assignment.startedAt || hoursWaited < context.project.replace_unstarted_reviewer_after_hours)) {
      throw new ForbiddenError('Only a reviewer who has not started within the set time can be replaced automatically.')
    }
    const attemptId = assignment.submission.attemptId
    const submitters = await tx.projectSubmission.findMany({ where: { attemptId }, select: { userId: true } })
    const active = (await activeAssignmentsOf(tx, attemptId)).filter((row) => row.id !== assignmentId)
    const everReviewing = await tx.reviewAssignment.findMany({ where: { submissionId: assignment.submissionId }, select: { reviewerId: true } })
    const replacement = pickReplacementReviewer({
      submitterIds: submitters.map((row) => row.userId),
      active: active.map((row) => ({ submitterId: row.submission.userId, reviewerId: row.reviewerId })),
      submitterId: assignment.submission.userId,
      // Whoever was ever on this project (the one replaced included) is not asked again: one row per pair.
      excluded: new Set(everReviewing.map((row) => row.reviewerId)),
      seed: assignment.submission.attempt.assignmentSeed ?? attemptId,
    })
    await tx.reviewAssignment.update({ where: { id: assignmentId }, data: { replacedAt: now } })
    if (replacement) {
      await tx.reviewAssignment.create({ data: { submissionId: assignment.submissionId, reviewerId: replacement, assignedAt: now } })
    }
    return replacement
  })
}

/** The scheduled check's second half: replaces assigned reviewers who have not started in time. */
export async function replaceUnstartedReviewers(context: ProjectContext, now = new Date()) {
  const cutoff = new Date(now.getTime() - context.project.replace_unstarted_reviewer_after_hours * 3_600_000)
  const stale = await db.reviewAssignment.findMany({
    where: { kind: 'assigned', replacedAt: null, startedAt: null, assignedAt: { lte: cutoff }, submission: { attempt: { courseId: context.courseId } } },
    select: { id: true, submission: { select: { attempt: true } } },
  })
  let replaced = 0
  for (const assignment of stale) {
    if (attemptPhase(assignment.submission.attempt, now) !== 'reviewing') continue
    try {
      await replaceReviewer(context, assignment.id, { byInstructor: false, now })
      replaced += 1
    } catch (error) {
      logger.warn({ err: error, assignmentId: assignment.id }, 'could not replace an unstarted reviewer')
    }
  }
  return replaced
}

/**
 * A volunteer review: any enrolled learner, submitter or not, may review one more project of an attempt
 * in review — the one with the fewest reviewers that is not their own and not already theirs.
 * Volunteer reviews count toward the project's score (like the Zoomcamp's optional reviews) but earn no
 * review points and do not replace an assigned review.
 */
export async function volunteerForReview(context: ProjectContext, userId: string, attemptId: string, now = new Date()) {
  await requireEnrollment(userId, context.courseId)
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`syllabus:project-assign:${attemptId}`}))`
    const attempt = await tx.projectAttempt.findFirst({ where: { id: attemptId, courseId: context.courseId } })
    if (!attempt) throw new NotFoundError('That project attempt')
    if (attemptPhase(attempt, now) !== 'reviewing') throw new AppError('conflict', 'Volunteer reviews are possible only while reviews are open.')
    const candidates = await tx.projectSubmission.findMany({
      where: { attemptId, userId: { not: userId }, assignments: { none: { reviewerId: userId } } },
      select: { id: true, _count: { select: { assignments: { where: { replacedAt: null } } } } },
      orderBy: { id: 'asc' },
    })
    if (candidates.length === 0) throw new AppError('conflict', 'There is no other project left for you to review.')
    const target = candidates.sort((a, b) => a._count.assignments - b._count.assignments)[0]!
    return tx.reviewAssignment.create({ data: { submissionId: target.id, reviewerId: userId, kind: 'volunteer', assignedAt: now } })
  })
}
