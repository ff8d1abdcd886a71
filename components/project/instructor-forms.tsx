'use client'
// Instructor forms on the moderation page: discard a review (with a reason), override a score (with a reason).
import { useActionState, useState } from 'react'
import { discardReviewAction, overrideScoreAction, type FormState } from '@/server/projects/actions'
import { fieldErrorsOf, messageOf } from './form-state'
import { submitWithoutReset } from './submit-without-reset'

function Status({ state }: { state: FormState }) {
  if (!messageOf(state)) return null
  const detail = Object.values(fieldErrorsOf(state))[0]
  return (
    <p role="status" className={state.ok ? 'text-sm text-emerald-800' : 'text-sm text-red-700'}>
      {detail ?? messageOf(state)}
    </p>
  )
}

export function DiscardReviewForm({ slug, reviewId, label }: { slug: string; reviewId: string; label: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(discardReviewAction.bind(null, slug, reviewId), { ok: true })
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label={`Discard ${label}`}>
      <div className="grow">
        <label htmlFor={`discard-${reviewId}`} className="field-label">
          Reason for discarding {label}
        </label>
        <input id={`discard-${reviewId}`} name="reason" className="field-input" required defaultValue={state.values?.reason ?? ''} />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Discard {label}
      </button>
      <Status state={state} />
    </form>
  )
}

export function OverrideScoreForm({ slug, submissionId, label, maxPoints }: { slug: string; submissionId: string; label: string; maxPoints: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(overrideScoreAction.bind(null, slug, submissionId), { ok: true })
  const [passed, setPassed] = useState('yes')
  return (
    <form onSubmit={submitWithoutReset(action)} className="grid gap-2 sm:grid-cols-[8rem_8rem_1fr_auto] sm:items-end" aria-label={`Set the score of ${label}`}>
      <div>
        <label htmlFor={`points-${submissionId}`} className="field-label">
          Points (0–{maxPoints})
        </label>
        <input id={`points-${submissionId}`} name="projectPoints" inputMode="decimal" className="field-input" required defaultValue={state.values?.projectPoints ?? ''} />
      </div>
      <div>
        <label htmlFor={`passed-${submissionId}`} className="field-label">
          Passed
        </label>
        <select id={`passed-${submissionId}`} name="passed" className="field-input" value={passed} onChange={(event) => setPassed(event.target.value)}>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      </div>
      <div>
        <label htmlFor={`reason-${submissionId}`} className="field-label">
          Reason (the learner reads it)
        </label>
        <input id={`reason-${submissionId}`} name="reason" className="field-input" required defaultValue={state.values?.reason ?? ''} />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Set score
      </button>
      <div className="sm:col-span-4">
        <Status state={state} />
      </div>
    </form>
  )
}
