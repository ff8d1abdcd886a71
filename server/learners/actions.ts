'use server'
import 'server-only'
// Server actions for the learner's own settings.
import { revalidatePath } from 'next/cache'
import { getUser } from '../auth/session.ts'
import { toPublicError } from '../errors.ts'
import { updateLeaderboardProfile } from './enrollment.ts'
import { saveHomeworkExtras } from './homework-extras.ts'

export interface ProfileState {
  ok: boolean
  message?: string
}

export async function updateLeaderboardProfileAction(slug: string, _previous: ProfileState, form: FormData): Promise<ProfileState> {
  const user = await getUser()
  if (!user) return { ok: false, message: 'Sign in first.' }
  try {
    await updateLeaderboardProfile(user.id, slug, {
      nickname: String(form.get('nickname') ?? ''),
      anonymous: form.get('anonymous') === 'on',
    })
    revalidatePath(`/courses/${slug}/leaderboard`)
    return { ok: true, message: 'Saved.' }
  } catch (error) {
    const publicError = toPublicError(error)
    return { ok: false, message: Object.values(publicError.fieldErrors ?? {})[0] ?? publicError.message }
  }
}

export interface ExtrasState {
  ok: boolean
  message?: string
  fieldErrors?: Record<string, string>
}

export async function saveHomeworkExtrasAction(courseSlug: string, homeworkId: string, _previous: ExtrasState, form: FormData): Promise<ExtrasState> {
  const user = await getUser()
  if (!user) return { ok: false, message: 'Sign in first.' }
  const text = (name: string) => String(form.get(name) ?? '')
  try {
    const saved = await saveHomeworkExtras(user.id, courseSlug, homeworkId, {
      solutionUrl: text('solutionUrl'),
      learningInPublicUrls: text('learningInPublicUrls'),
      lecturesHours: text('lecturesHours'),
      homeworkHours: text('homeworkHours'),
      faqUrl: text('faqUrl'),
    })
    revalidatePath(`/courses/${courseSlug}/dashboard`)
    return { ok: true, message: `Saved. Learning in public: ${saved.learningInPublicPoints} of ${saved.cap} points on this homework.` }
  } catch (error) {
    const publicError = toPublicError(error)
    return { ok: false, message: publicError.message, fieldErrors: publicError.fieldErrors }
  }
}
