'use server'
import 'server-only'
// The server action behind the staff review page's "Strike" buttons (course staff with moderate:learning-in-public).
import { revalidatePath } from 'next/cache'
import { requireApiCourseStaff } from '../auth/session.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { logger } from '../logger.ts'
import { strikeLearningInPublicLink } from './learning-in-public-review.ts'

export async function strikeLearningInPublicLinkAction(courseSlug: string, _previous: FormActionState, form: FormData): Promise<FormActionState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'moderate:learning-in-public')
    const input = { extrasId: String(form.get('extrasId') ?? ''), url: String(form.get('url') ?? ''), reason: String(form.get('reason') ?? '') }
    await strikeLearningInPublicLink(staff.access.course.id, staff.id, input)
    logger.info({ staffId: staff.id, courseSlug, extrasId: input.extrasId }, 'learning-in-public link struck')
    revalidatePath(`/courses/${courseSlug}/instructor/learning-in-public`)
    revalidatePath(`/courses/${courseSlug}/leaderboard`)
    return { ok: true, message: 'Struck. The learner sees why, and their points are recomputed.' }
  } catch (error) {
    return actionFailure(error, 'striking a learning-in-public link')
  }
}
