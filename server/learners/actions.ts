'use server'
import 'server-only'
// Server actions for the learner's own settings, and course staff's strike of a learning-in-public link. They fail with the route handlers' error envelope.
import { revalidatePath } from 'next/cache'
import { requireApiCourseStaff, requireApiUser } from '../auth/session.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { updateLeaderboardProfile } from './enrollment.ts'
import { saveHomeworkExtras } from './homework-extras.ts'
import { strikeLearningInPublicLink } from './learning-in-public-review.ts'
import { logger } from '../logger.ts'

export type ProfileState = FormActionState
/** The form's values come back with the outcome, so a refused field never wipes the others. */
export type ExtrasState = FormActionState & { values?: Record<ExtrasField, string> }
type ExtrasField = 'solutionUrl' | 'learningInPublicUrls' | 'lecturesHours' | 'homeworkHours' | 'faqUrl'

const SESSION_ENDED = 'Your session has ended. Sign in again to save.'

export async function updateLeaderboardProfileAction(slug: string, _previous: ProfileState, form: FormData): Promise<ProfileState> {
  try {
    const user = await requireApiUser(SESSION_ENDED)
    await updateLeaderboardProfile(user.id, slug, {
      nickname: String(form.get('nickname') ?? ''),
      anonymous: form.get('anonymous') === 'on',
    })
    revalidatePath('/courses/[slug]/leaderboard/[page]', 'page')
    return { ok: true, message: 'Saved.' }
  } catch (error) {
    return actionFailure(error, 'saving the leaderboard profile')
  }
}

export async function saveHomeworkExtrasAction(courseSlug: string, homeworkSlug: string, _previous: ExtrasState, form: FormData): Promise<ExtrasState> {
  const text = (name: ExtrasField) => String(form.get(name) ?? '')
  const values = {
    solutionUrl: text('solutionUrl'),
    learningInPublicUrls: text('learningInPublicUrls'),
    lecturesHours: text('lecturesHours'),
    homeworkHours: text('homeworkHours'),
    faqUrl: text('faqUrl'),
  }
  try {
    const user = await requireApiUser(SESSION_ENDED)
    const saved = await saveHomeworkExtras(user.id, courseSlug, homeworkSlug, values)
    revalidatePath(`/courses/${courseSlug}/dashboard`)
    return { ok: true, message: `Saved. Learning in public: ${saved.learningInPublicPoints} of ${saved.cap} points on this homework.`, values }
  } catch (error) {
    return { ...actionFailure(error, 'saving homework extras'), values }
  }
}

/** Course staff (moderate:learning-in-public) strike a learner's link with the reason the learner will read. */
export async function strikeLearningInPublicLinkAction(courseSlug: string, _previous: FormActionState, form: FormData): Promise<FormActionState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'moderate:learning-in-public')
    const input = { extrasId: String(form.get('extrasId') ?? ''), url: String(form.get('url') ?? ''), reason: String(form.get('reason') ?? '') }
    await strikeLearningInPublicLink(staff.access.course.id, staff.id, input)
    logger.info({ staffId: staff.id, courseSlug, extrasId: input.extrasId }, 'learning-in-public link struck')
    revalidatePath(`/courses/${courseSlug}/instructor/learning-in-public`)
    revalidatePath('/courses/[slug]/leaderboard/[page]', 'page')
    return { ok: true, message: 'Struck. The learner sees why, and their points are recomputed.' }
  } catch (error) {
    return actionFailure(error, 'striking a learning-in-public link')
  }
}
