// A reviewer's side: the projects assigned to them, the review form's data, drafts and submission.
// Access is projectAccess('reviewer', phase): only their own active assignments, only while reviews are open.
import { z } from 'zod'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'
import { projectAccess, requireAccess } from './access.ts'
import type { ProjectContext } from './context.ts'
import { mergeReviewDraft, type ReviewDraftValues } from './draft-merge.ts'
import { attemptPhase } from './phases.ts'
import { compareWithOthers, isCompleteAnswer } from './scoring.ts'
import { reviewerView } from './submission.ts'

const MAX_COMMENT = 4000

export function emptyDraft(context: ProjectContext): ReviewDraftValues {
  return {
    overallComment: '',
    learningInPublicUrls: '',
    answers: Object.fromEntries(context.project.rubric.map((criterion) => [criterion.id, { levels: [], comment: '' }])),
  }
}

const draftValuesSchema = z.object({
  overallComment: z.string().max(MAX_COMMENT, `At most ${MAX_COMMENT} characters.`),
  learningInPublicUrls: z.string().max(5000),
  answers: z.record(z.string(), z.object({ levels: z.array(z.number().int().min(0).max(50)).max(50), comment: z.string().max(MAX_COMMENT, `At most ${MAX_COMMENT} characters.`) })),
})

type ReviewWithAnswers = { version: number; overallComment: string; learningInPublicUrls: string[]; answers: { criterionId: string; levels: number[]; comment: string }[] }

function draftFromRow(context: ProjectContext, review: ReviewWithAnswers | null): ReviewDraftValues {
  const values = emptyDraft(context)
  if (!review) return values
  values.overallComment = review.overallComment
  values.learningInPublicUrls = review.learningInPublicUrls.join('\n')
  for (const answer of review.answers) {
    if (values.answers[answer.criterionId]) values.answers[answer.criterionId] = { levels: answer.levels, comment: answer.comment }
  }
  return values
}

/** The viewer's assignments in this course, newest attempt first, with their agreement once results are out. */
export async function listMyReviews(context: ProjectContext, userId: string, now = new Date()) {
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId: userId, replacedAt: null, submission: { attempt: { courseId: context.courseId } } },
    include: {
      review: { select: { id: true, submittedAt: true, agreement: true, isOutlier: true, discardedAt: true, discardReason: true, answers: true } },
      submission: {
        select: {
          attempt: true,
          // The project's other counted reviews, for the comparison shown after results (never their authors).
          assignments: { where: { review: { submittedAt: { not: null }, discardedAt: null } }, select: { review: { select: { id: true, answers: true } } } },
        },
      },
    },
    orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map((row, index) => {
    const phase = attemptPhase(row.submission.attempt, now)
    const review = row.review
    const comparable = phase === 'results' && review?.submittedAt
    const answersOf = (answers: { criterionId: string; levels: number[] }[]) => Object.fromEntries(answers.map((answer) => [answer.criterionId, answer.levels]))
    const others = row.submission.assignments.map((other) => other.review!).filter((other) => other.id !== review?.id)
    return {
      assignmentId: row.id,
      label: `Project ${index + 1}`,
      kind: row.kind,
      attemptNumber: row.submission.attempt.number,
      reviewDeadline: row.submission.attempt.reviewDeadlineOverride ?? row.submission.attempt.reviewDeadline,
      phase,
      canOpen: projectAccess('reviewer', phase).viewSubmission,
      submittedAt: row.review?.submittedAt ?? null,
      // How the review compared is shown only after results, so that it cannot steer a pending review.
      agreement: phase === 'results' ? (row.review?.agreement ?? null) : null,
      isOutlier: phase === 'results' ? (row.review?.isOutlier ?? false) : false,
      discarded: phase === 'results' && row.review?.discardedAt ? (row.review.discardReason ?? 'discarded') : null,
      /** After results: per criterion, the points this review gave and the others' median. */
      comparison: comparable
        ? compareWithOthers(
            context.project.rubric,
            { id: review.id, answers: answersOf(review.answers) },
            others.map((other) => ({ id: other.id, answers: answersOf(other.answers) })),
          ).map((entry) => ({ ...entry, title: context.project.rubric.find((criterion) => criterion.id === entry.criterionId)!.title }))
        : null,
    }
  })
}

async function loadOwnAssignment(context: ProjectContext, userId: string, assignmentId: string) {
  const assignment = await db.reviewAssignment.findFirst({
    where: { id: assignmentId, reviewerId: userId, replacedAt: null, submission: { attempt: { courseId: context.courseId } } },
    include: {
      submission: { select: { id: true, repoUrl: true, commitSha: true, description: true, dashboardUrl: true, attempt: true } },
      review: { include: { answers: true } },
    },
  })
  // Someone else's assignment reads as missing: its existence is not the viewer's business.
  if (!assignment) throw new NotFoundError('That review')
  return assignment
}

/** The review form: the project as reviewers see it, the rubric, the saved draft. Marks the review started. */
export async function openReview(context: ProjectContext, userId: string, assignmentId: string, now = new Date()) {
  const assignment = await loadOwnAssignment(context, userId, assignmentId)
  const phase = attemptPhase(assignment.submission.attempt, now)
  requireAccess(projectAccess('reviewer', phase), 'viewSubmission', 'This project can be reviewed only while reviews are open.')
  if (!assignment.startedAt) await db.reviewAssignment.update({ where: { id: assignment.id }, data: { startedAt: now } })
  return {
    assignmentId: assignment.id,
    project: reviewerView(assignment.submission),
    draft: draftFromRow(context, assignment.review),
    version: assignment.review?.version ?? 0,
    submittedAt: assignment.review?.submittedAt ?? null,
    reviewDeadline: assignment.submission.attempt.reviewDeadlineOverride ?? assignment.submission.attempt.reviewDeadline,
  }
}

export interface SaveDraftInput {
  /** The version the form was loaded with or last saved as. */
  baseVersion: number
  /** The values at that version (for the merge when someone saved in between). */
  base: ReviewDraftValues
  values: ReviewDraftValues
}

function linksOf(text: string) {
  return [...new Set(text.split(/\s+/).filter(Boolean))]
}

/**
 * Saves a draft (or a submitted review: edits are allowed until the window closes). Optimistic: the save
 * names its base version; if another save came in between, the two are merged (draft-merge.ts) and the
 * merged values returned, so the form shows them.
 */
export async function saveReviewDraft(context: ProjectContext, userId: string, assignmentId: string, input: SaveDraftInput, now = new Date()) {
  const values = draftValuesSchema.parse(input.values)
  const base = draftValuesSchema.parse(input.base)
  const assignment = await loadOwnAssignment(context, userId, assignmentId)
  requireAccess(projectAccess('reviewer', attemptPhase(assignment.submission.attempt, now)), 'editReview', 'Reviews for this attempt are closed; it can no longer be changed.')
  const criteria = new Set(context.project.rubric.map((criterion) => criterion.id))
  return db.$transaction(async (tx) => {
    const review = await tx.peerReview.upsert({ where: { assignmentId }, create: { assignmentId }, update: {}, include: { answers: true } })
    await tx.$executeRaw`SELECT 1 FROM "PeerReview" WHERE id = ${review.id} FOR UPDATE`
    const current = await tx.peerReview.findUniqueOrThrow({ where: { id: review.id }, include: { answers: true } })
    const merged = current.version === input.baseVersion ? values : mergeReviewDraft(base, draftFromRow(context, current), values)
    for (const [criterionId, answer] of Object.entries(merged.answers)) {
      if (!criteria.has(criterionId)) continue
      await tx.peerReviewAnswer.upsert({
        where: { reviewId_criterionId: { reviewId: review.id, criterionId } },
        create: { reviewId: review.id, criterionId, levels: answer.levels, comment: answer.comment },
        update: { levels: answer.levels, comment: answer.comment },
      })
    }
    const saved = await tx.peerReview.update({
      where: { id: review.id },
      data: { overallComment: merged.overallComment, learningInPublicUrls: linksOf(merged.learningInPublicUrls), version: { increment: 1 } },
      select: { version: true, submittedAt: true },
    })
    return { version: saved.version, values: merged, merged: current.version !== input.baseVersion, submittedAt: saved.submittedAt }
  })
}

/** Checks every criterion (a level and a comment), the overall comment and the links, then submits. */
export async function submitReview(context: ProjectContext, userId: string, assignmentId: string, input: SaveDraftInput, now = new Date()) {
  const saved = await saveReviewDraft(context, userId, assignmentId, input, now)
  const fieldErrors: Record<string, string> = {}
  for (const criterion of context.project.rubric) {
    const answer = saved.values.answers[criterion.id] ?? { levels: [], comment: '' }
    if (!isCompleteAnswer(criterion, answer.levels)) {
      fieldErrors[`${criterion.id}.levels`] = criterion.kind === 'radio' ? 'Choose one level.' : 'Tick every level that applies (at least one).'
    }
    if (!answer.comment.trim()) fieldErrors[`${criterion.id}.comment`] = 'Say why, in a sentence or two.'
  }
  if (!saved.values.overallComment.trim()) fieldErrors.overallComment = 'Write an overall comment for the author.'
  const links = linksOf(saved.values.learningInPublicUrls)
  const cap = context.project.learning_in_public_cap.review
  if (links.length > cap) fieldErrors.learningInPublicUrls = cap === 0 ? 'This course gives no points for learning in public on reviews.' : `List at most ${cap} links.`
  if (links.some((link) => !/^https:\/\/[^\s/]+\.[^\s]+$/.test(link))) fieldErrors.learningInPublicUrls = 'Each link must start with https://'
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('unprocessable', 'Your draft is saved, but some parts are missing before it can be submitted.', fieldErrors)
  }
  await db.peerReview.updateMany({ where: { assignmentId, submittedAt: null }, data: { submittedAt: now } })
  return { ...saved, submittedAt: saved.submittedAt ?? now }
}
