'use client'
// The author's word on one review they received: how helpful it was, and a flag if it is unfair or unhelpful.
import { useActionState, useState } from 'react'
import { reviewFeedbackAction, type FormState } from '@/server/projects/actions'
import { fieldErrorsOf, messageOf } from './form-state'
import { submitWithoutReset } from './submit-without-reset'

export function ReviewFeedbackForm(props: { slug: string; reviewId: string; label: string; helpfulness: number | null; flag: string | null; flagComment: string | null }) {
  const { slug, reviewId, label } = props
  const [state, action, pending] = useActionState<FormState, FormData>(reviewFeedbackAction.bind(null, slug, reviewId), { ok: true })
  const id = (name: string) => `${reviewId}-${name}`
  // Controlled, and sent without React's form reset (submit-without-reset.ts), so the choices stay after the action.
  const [helpfulness, setHelpfulness] = useState(props.helpfulness === null ? '' : String(props.helpfulness))
  const [flag, setFlag] = useState(props.flag ?? '')
  return (
    <form onSubmit={submitWithoutReset(action)} className="space-y-2 text-sm" aria-label={`Your feedback on ${label}`}>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={id('helpfulness')} className="field-label">
            How helpful was {label}?
          </label>
          <select id={id('helpfulness')} name="helpfulness" value={helpfulness} onChange={(event) => setHelpfulness(event.target.value)} className="field-input">
            <option value="">Not rated</option>
            {[1, 2, 3, 4, 5].map((value) => (
              <option key={value} value={value}>
                {value} of 5
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={id('flag')} className="field-label">
            Flag {label}
          </label>
          <select id={id('flag')} name="flag" value={flag} onChange={(event) => setFlag(event.target.value)} className="field-input">
            <option value="">No flag</option>
            <option value="unfair">Unfair</option>
            <option value="unhelpful">Unhelpful</option>
          </select>
        </div>
      </div>
      <div>
        <label htmlFor={id('flagComment')} className="field-label">
          Why (needed for a flag; an instructor reads it)
        </label>
        <textarea id={id('flagComment')} name="flagComment" rows={2} defaultValue={state.values?.flagComment ?? props.flagComment ?? ''} className="field-input" aria-invalid={fieldErrorsOf(state).flagComment ? true : undefined} />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Send feedback on {label}
      </button>
      {messageOf(state) && (
        <p role="status" className={state.ok ? 'text-emerald-800' : 'field-error'}>
          {fieldErrorsOf(state).flagComment ?? messageOf(state)}
        </p>
      )}
    </form>
  )
}
