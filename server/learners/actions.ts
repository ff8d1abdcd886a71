'use server'
// Server actions for the learner's own settings.
import { revalidatePath } from 'next/cache'
import { getUser } from '../auth/session.ts'
import { toPublicError } from '../errors.ts'
import { updateLeaderboardProfile } from './enrollment.ts'

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
