'use client'
import { useActionState } from 'react'
import { FormStatus } from '@/components/admin/form-status'
import { strikeLearningInPublicLinkAction } from '@/server/learners/actions'
import type { FormActionState } from '@/server/http/error-envelope'

/** One link's "Strike" with the reason the learner will read. */
export function StrikeLinkForm({ slug, extrasId, url, index }: { slug: string; extrasId: string; url: string; index: string }) {
  const [state, action, pending] = useActionState<FormActionState, FormData>(strikeLearningInPublicLinkAction.bind(null, slug), { ok: true })
  const id = `strike-reason-${index}`
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="extrasId" value={extrasId} />
      <input type="hidden" name="url" value={url} />
      <div>
        <label htmlFor={id} className="sr-only">Reason for striking {url}</label>
        <input id={id} name="reason" required minLength={3} maxLength={300} placeholder="Reason (the learner sees it)" className="field-input py-1 text-sm" />
      </div>
      <button type="submit" className="btn-secondary py-1 text-sm" disabled={pending}>
        {pending ? 'Striking…' : 'Strike'}
      </button>
      <FormStatus state={state} />
    </form>
  )
}
