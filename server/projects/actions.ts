'use server'
import 'server-only'
// Server actions for the project pages. Each one: who is signed in, the course's project context, the
// server function that checks access and rules, then a result the form shows. Failures are the route
// handlers' error envelope (server/http/error-envelope.ts), never a thrown 500.
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { requireApiUser } from '../auth/session.ts'
import { getCourse } from '../courses/content.ts'
import { NotFoundError } from '../errors.ts'
import { actionFailure, type ActionFailure } from '../http/error-envelope.ts'
import { requireCourseInstructor } from './course-instructor.ts'
import { assignAttemptReviewers, replaceReviewer, volunteerForReview } from './assign-reviewers.ts'
import { loadProjectContext } from './context.ts'
import type { ReviewDraftValues } from './draft-merge.ts'
import { discardReview, giveReviewFeedback, keepReview, moveAttemptPhase, overrideScore, type PhaseControl } from './moderation.ts'
import { saveReviewDraft, submitReview, type SaveDraftInput } from './reviews.ts'
import { saveProjectSubmission } from './submission.ts'

/**
 * A confirmation or the error envelope; `values` is what was sent, so that a form keeps the learner's
 * text after the action (React resets uncontrolled fields).
 */
export type FormState = ({ ok: true; message?: string } | ActionFailure) & { values?: Record<string, string> }

const SESSION_ENDED = 'Your session has ended. Sign in again to save.'

async function contextFor(slug: string) {
  const course = await getCourse(slug)
  if (!course) throw new NotFoundError('That course')
  return loadProjectContext(course)
}


export async function saveProjectSubmissionAction(slug: string, _previous: FormState, form: FormData): Promise<FormState> {
  const fields = ['repoUrl', 'commitSha', 'description', 'dashboardUrl', 'learningInPublicUrls', 'hoursSpent', 'comments'] as const
  const values = Object.fromEntries(fields.map((name) => [name, String(form.get(name) ?? '')])) as Record<(typeof fields)[number], string>
  try {
    const user = await requireApiUser(SESSION_ENDED)
    await saveProjectSubmission(await contextFor(slug), user.id, values)
    revalidatePath(`/courses/${slug}/project`, 'layout')
    return { ok: true, message: 'Saved. You can change it until the submission window closes.', values }
  } catch (error) {
    return { ...actionFailure(error, 'a project action'), values }
  }
}

export type DraftState = { ok: true; message: string; version: number; values: ReviewDraftValues; merged?: boolean; submitted?: boolean } | ActionFailure

export async function saveReviewDraftAction(slug: string, assignmentId: string, input: SaveDraftInput): Promise<DraftState> {
  try {
    const user = await requireApiUser(SESSION_ENDED)
    const saved = await saveReviewDraft(await contextFor(slug), user.id, assignmentId, input)
    return {
      ok: true,
      message: saved.merged ? 'Saved. This review was also changed in another window; both versions are kept below.' : 'Draft saved.',
      version: saved.version,
      values: saved.values,
      merged: saved.merged,
    }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function submitReviewAction(slug: string, assignmentId: string, input: SaveDraftInput): Promise<DraftState> {
  try {
    const user = await requireApiUser(SESSION_ENDED)
    const saved = await submitReview(await contextFor(slug), user.id, assignmentId, input)
    revalidatePath(`/courses/${slug}/project/reviews`)
    return { ok: true, message: 'Review submitted. You can still change it until the review window closes.', version: saved.version, values: saved.values, submitted: true }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function volunteerForReviewAction(slug: string, attemptId: string): Promise<FormState> {
  let assignmentId: string
  try {
    const user = await requireApiUser(SESSION_ENDED)
    assignmentId = (await volunteerForReview(await contextFor(slug), user.id, attemptId)).id
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
  redirect(`/courses/${slug}/project/reviews/${assignmentId}`)
}

export async function reviewFeedbackAction(slug: string, reviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { helpfulness: String(form.get('helpfulness') ?? ''), flag: String(form.get('flag') ?? ''), flagComment: String(form.get('flagComment') ?? '') }
  try {
    const user = await requireApiUser(SESSION_ENDED)
    await giveReviewFeedback(await contextFor(slug), user.id, reviewId, { ...values, flag: values.flag as '' | 'unfair' | 'unhelpful' })
    return { ok: true, message: values.flag ? 'Thanks. An instructor will look at this review.' : 'Thanks for rating this review.', values }
  } catch (error) {
    return { ...actionFailure(error, 'a project action'), values }
  }
}

// ---- instructors

async function instructorContext(slug: string) {
  const user = await requireApiUser(SESSION_ENDED)
  await requireCourseInstructor(user, slug)
  return { user, context: await contextFor(slug) }
}

export async function moveAttemptPhaseAction(slug: string, attemptId: string, control: PhaseControl): Promise<FormState> {
  try {
    const { context } = await instructorContext(slug)
    await moveAttemptPhase(context, attemptId, control)
    revalidatePath(`/courses/${slug}/project`, 'layout')
    return { ok: true, message: 'Done.' }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function assignReviewersAction(slug: string, attemptId: string): Promise<FormState> {
  try {
    const { context } = await instructorContext(slug)
    const outcome = await assignAttemptReviewers(context, attemptId)
    revalidatePath(`/courses/${slug}/project`, 'layout')
    const message =
      outcome.kind === 'already-assigned'
        ? 'Reviewers were assigned already.'
        : outcome.kind === 'instructor'
          ? `${outcome.submissions} submissions: too few for peer review; they are in your queue.`
          : `${outcome.assignments} reviews assigned over ${outcome.submissions} submissions.`
    return { ok: true, message }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function replaceReviewerAction(slug: string, assignmentId: string): Promise<FormState> {
  try {
    const { context } = await instructorContext(slug)
    const replacement = await replaceReviewer(context, assignmentId, { byInstructor: true })
    revalidatePath(`/courses/${slug}/project/moderation`)
    return { ok: true, message: replacement ? 'Reviewer replaced.' : 'Removed; nobody else could take the review.' }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function discardReviewAction(slug: string, reviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  try {
    const { user, context } = await instructorContext(slug)
    await discardReview(context, user.id, reviewId, String(form.get('reason') ?? ''))
    revalidatePath(`/courses/${slug}/project`, 'layout')
    return { ok: true, message: 'Review discarded; the scores are recomputed.' }
  } catch (error) {
    return { ...actionFailure(error, 'a project action'), values: { reason: String(form.get('reason') ?? '') } }
  }
}

export async function keepReviewAction(slug: string, reviewId: string): Promise<FormState> {
  try {
    const { user, context } = await instructorContext(slug)
    await keepReview(context, user.id, reviewId)
    revalidatePath(`/courses/${slug}/project/moderation`)
    return { ok: true, message: 'Flag resolved; the review stays.' }
  } catch (error) {
    return actionFailure(error, 'a project action')
  }
}

export async function overrideScoreAction(slug: string, submissionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { projectPoints: String(form.get('projectPoints') ?? ''), passed: String(form.get('passed') ?? 'yes'), reason: String(form.get('reason') ?? '') }
  try {
    const { user, context } = await instructorContext(slug)
    await overrideScore(context, user.id, submissionId, { projectPoints: values.projectPoints, passed: values.passed === 'yes', reason: values.reason })
    revalidatePath(`/courses/${slug}/project`, 'layout')
    return { ok: true, message: 'Score set; the change is in the audit trail.' }
  } catch (error) {
    return { ...actionFailure(error, 'a project action'), values }
  }
}
