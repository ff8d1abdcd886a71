'use client'
import { useActionState } from 'react'
import { updateLeaderboardProfileAction, type ProfileState } from '@/server/learners/actions'

export function LeaderboardProfileForm({ slug, nickname, anonymous }: { slug: string; nickname: string; anonymous: boolean }) {
  const [state, action, pending] = useActionState<ProfileState, FormData>(updateLeaderboardProfileAction.bind(null, slug), { ok: true })
  return (
    <form action={action} className="card flex flex-wrap items-end gap-4 py-4">
      <div>
        <label htmlFor="nickname" className="field-label">
          Nickname on the leaderboard
        </label>
        <input id="nickname" name="nickname" defaultValue={nickname} maxLength={40} className="field-input" placeholder="e.g. ada-loves-sql" />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="anonymous" defaultChecked={anonymous} className="h-4 w-4" />
        Show me as Anonymous
      </label>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      {state.ok ? (
        state.message && (
          <p role="status" className="text-sm text-emerald-800">
            {state.message}
          </p>
        )
      ) : (
        <p role="status" className="text-sm text-red-700">
          {Object.values(state.error.fieldErrors ?? {})[0] ?? state.error.message}
        </p>
      )}
    </form>
  )
}
