'use server'
import 'server-only'
// Server actions of the staff learner page: deadline extensions, score overrides and regrades for one
// learner. Each checks course staff first; a learner not enrolled in the course is "not found".
import { revalidatePath } from 'next/cache'
import { requireApiCourseStaff } from '../auth/session.ts'
import { getCourse } from '../courses/content.ts'
import { NotFoundError } from '../errors.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { grantDeadlineExtension, withdrawDeadlineExtension } from '../learners/deadline-extensions.ts'
import { logger } from '../logger.ts'
import { overrideQuestionScore } from '../scores/score-overrides.ts'
import { regradeSubmission } from '../submissions/regrade.ts'

export type LearnerFormState = FormActionState

const text = (form: FormData, name: string) => String(form.get(name) ?? '')
const learnerPage = (courseSlug: string, userId: string) => `/courses/${courseSlug}/instructor/learners/${userId}`

export async function grantExtensionAction(courseSlug: string, userId: string, _previous: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'manage:learners')
    const input = { homeworkSlug: text(form, 'homeworkSlug'), until: text(form, 'until'), reason: text(form, 'reason') }
    const extension = await grantDeadlineExtension(staff.access.course.id, userId, input, staff.id)
    logger.info({ staffId: staff.id, courseSlug, userId, homework: input.homeworkSlug, until: extension.until }, 'deadline extended')
    revalidatePath(learnerPage(courseSlug, userId))
    return { ok: true, message: `Extended ${input.homeworkSlug} until ${extension.until.toUTCString()}.` }
  } catch (error) {
    return actionFailure(error, 'extending a deadline')
  }
}

export async function withdrawExtensionAction(courseSlug: string, userId: string, _previous: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'manage:learners')
    const homeworkSlug = text(form, 'homeworkSlug')
    const withdrawn = await withdrawDeadlineExtension(staff.access.course.id, userId, homeworkSlug)
    logger.info({ staffId: staff.id, courseSlug, userId, homework: homeworkSlug, withdrawn }, 'deadline extension withdrawn')
    revalidatePath(learnerPage(courseSlug, userId))
    return { ok: true, message: withdrawn ? `The extension of ${homeworkSlug} is withdrawn.` : `There was no extension of ${homeworkSlug}.` }
  } catch (error) {
    return actionFailure(error, 'withdrawing an extension')
  }
}

export async function overrideScoreAction(courseSlug: string, userId: string, _previous: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'manage:learners')
    const course = await getCourse(courseSlug)
    if (!course) throw new NotFoundError(`The course "${courseSlug}"`)
    const lift = text(form, 'intent') === 'lift'
    const rawPoints = text(form, 'points').trim()
    const input = {
      homeworkSlug: text(form, 'homeworkSlug'),
      questionSlug: text(form, 'questionSlug'),
      points: lift ? null : rawPoints === '' ? Number.NaN : Number(rawPoints),
      reason: text(form, 'reason'),
    }
    const result = await overrideQuestionScore(course, staff.access.course.id, userId, input, staff.id)
    logger.info({ staffId: staff.id, courseSlug, userId, question: `${input.homeworkSlug}/${input.questionSlug}`, ...result }, 'score overridden')
    revalidatePath(learnerPage(courseSlug, userId))
    return { ok: true, message: `${input.homeworkSlug}/${input.questionSlug}: ${result.previousPoints} → ${result.points} points.` }
  } catch (error) {
    return actionFailure(error, 'overriding a score')
  }
}

export async function regradeSubmissionAction(courseSlug: string, userId: string, _previous: LearnerFormState, form: FormData): Promise<LearnerFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'regrade:submissions')
    await regradeSubmission(staff.access.course.id, userId, text(form, 'submissionId'))
    logger.info({ staffId: staff.id, courseSlug, userId, submissionId: text(form, 'submissionId') }, 'submission regraded')
    return { ok: true, message: 'Regrade queued. Reload in a moment to see the new result; the earlier one is kept.' }
  } catch (error) {
    return actionFailure(error, 'regrading a submission')
  }
}
