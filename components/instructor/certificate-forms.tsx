'use client'
import { useActionState } from 'react'
import { issueCertificatesAction, revokeCertificateAction, type CertificateFormState } from '@/server/certificates/actions'
import { FormStatus } from '@/components/admin/form-status'

export function IssueCertificatesForm({ slug, userId, label = 'Issue certificates to every eligible learner' }: { slug: string; userId?: string; label?: string }) {
  const [state, action, pending] = useActionState<CertificateFormState, FormData>(issueCertificatesAction.bind(null, slug), { ok: true })
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      {userId && <input type="hidden" name="userId" value={userId} />}
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Issuing…' : label}
      </button>
      <FormStatus state={state} />
    </form>
  )
}

export function RevokeCertificateForm({ slug, verificationCode }: { slug: string; verificationCode: string }) {
  const [state, action, pending] = useActionState<CertificateFormState, FormData>(revokeCertificateAction.bind(null, slug), { ok: true })
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="verificationCode" value={verificationCode} />
      <div>
        <label htmlFor={`reason-${verificationCode}`} className="sr-only">Reason for revoking {verificationCode}</label>
        <input id={`reason-${verificationCode}`} name="reason" required minLength={3} maxLength={500} placeholder="Reason (kept private)" className="field-input py-1 text-sm" />
      </div>
      <button type="submit" className="btn-secondary py-1 text-sm" disabled={pending}>
        {pending ? 'Revoking…' : 'Revoke'}
      </button>
      {!state.ok && <FormStatus state={state} />}
    </form>
  )
}
