'use client'
// Forms of the staff learner page. Dates are typed in the browser's time zone and sent as ISO instants.
import { useActionState } from 'react'
import { FormStatus } from '@/components/admin/form-status'
import {
  grantExtensionAction,
  overrideScoreAction,
  regradeSubmissionAction,
  withdrawExtensionAction,
  type LearnerFormState,
} from '@/server/cohort/actions'

interface LearnerFormProps {
  slug: string
  userId: string
}

export function ExtensionForm({ slug, userId, homeworkSlug, homeworkTitle, hasExtension }: LearnerFormProps & { homeworkSlug: string; homeworkTitle: string; hasExtension: boolean }) {
  const [state, grant, granting] = useActionState<LearnerFormState, FormData>(grantExtensionAction.bind(null, slug, userId), { ok: true })
  const [withdrawState, withdraw, withdrawing] = useActionState<LearnerFormState, FormData>(withdrawExtensionAction.bind(null, slug, userId), { ok: true })
  const id = `extension-${homeworkSlug}`
  return (
    <div className="space-y-2">
      <form
        action={(form) => {
          const local = String(form.get('untilLocal') ?? '')
          const instant = local ? new Date(local) : null
          form.set('until', instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : '')
          grant(form)
        }}
        className="flex flex-wrap items-end gap-3"
        aria-label={`Deadline extension for ${homeworkTitle}`}
      >
        <input type="hidden" name="homeworkSlug" value={homeworkSlug} />
        <div>
          <label htmlFor={`${id}-until`} className="field-label">New deadline (your time)</label>
          <input id={`${id}-until`} name="untilLocal" type="datetime-local" required className="field-input py-1 text-sm" />
        </div>
        <div>
          <label htmlFor={`${id}-reason`} className="field-label">Reason</label>
          <input id={`${id}-reason`} name="reason" required minLength={3} maxLength={1000} className="field-input py-1 text-sm" />
        </div>
        <button type="submit" className="btn-secondary py-1 text-sm" disabled={granting}>
          {granting ? 'Saving…' : hasExtension ? 'Change extension' : 'Extend deadline'}
        </button>
        <FormStatus state={state} />
      </form>
      {hasExtension && (
        <form action={withdraw} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="homeworkSlug" value={homeworkSlug} />
          <button type="submit" className="btn-secondary py-1 text-sm" disabled={withdrawing}>
            {withdrawing ? 'Withdrawing…' : 'Withdraw extension'}
          </button>
          <FormStatus state={withdrawState} />
        </form>
      )}
    </div>
  )
}

export function OverrideForm({ slug, userId, homeworkSlug, questionSlug, maxPoints, overridden }: LearnerFormProps & { homeworkSlug: string; questionSlug: string; maxPoints: number; overridden: boolean }) {
  const [state, action, pending] = useActionState<LearnerFormState, FormData>(overrideScoreAction.bind(null, slug, userId), { ok: true })
  const id = `override-${homeworkSlug}-${questionSlug}`
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" aria-label={`Override the score of ${homeworkSlug}/${questionSlug}`}>
      <input type="hidden" name="homeworkSlug" value={homeworkSlug} />
      <input type="hidden" name="questionSlug" value={questionSlug} />
      <div>
        <label htmlFor={`${id}-points`} className="field-label">Points (of {maxPoints})</label>
        <input id={`${id}-points`} name="points" type="number" min={0} max={maxPoints} step="any" className="field-input w-24 py-1 text-sm" />
      </div>
      <div>
        <label htmlFor={`${id}-reason`} className="field-label">Reason</label>
        <input id={`${id}-reason`} name="reason" required minLength={3} maxLength={1000} className="field-input py-1 text-sm" />
      </div>
      <button type="submit" name="intent" value="set" className="btn-secondary py-1 text-sm" disabled={pending}>
        Override score
      </button>
      {overridden && (
        <button type="submit" name="intent" value="lift" className="btn-secondary py-1 text-sm" disabled={pending}>
          Lift override
        </button>
      )}
      <FormStatus state={state} />
    </form>
  )
}

export function RegradeSubmissionButton({ slug, userId, submissionId, attempt }: LearnerFormProps & { submissionId: string; attempt: number }) {
  const [state, action, pending] = useActionState<LearnerFormState, FormData>(regradeSubmissionAction.bind(null, slug, userId), { ok: true })
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="submissionId" value={submissionId} />
      <button type="submit" className="btn-secondary py-0.5 text-xs" disabled={pending} aria-label={`Regrade submission ${attempt}`}>
        {pending ? 'Queuing…' : 'Regrade'}
      </button>
      <FormStatus state={state} />
    </form>
  )
}
