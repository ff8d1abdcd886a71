'use client'
import { useActionState } from 'react'
import { FormStatus } from '@/components/admin/form-status'
import { setCertificateNameAction, type CertificateFormState } from '@/server/certificates/actions'

export function CertificateNameForm({ slug, name }: { slug: string; name: string }) {
  const [state, action, pending] = useActionState<CertificateFormState, FormData>(setCertificateNameAction.bind(null, slug), { ok: true })
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="certificate-name" className="field-label">Name on your certificate</label>
        <input
          id="certificate-name"
          name="certificateName"
          defaultValue={name}
          maxLength={80}
          required
          className="field-input"
          aria-describedby="certificate-name-help"
          aria-invalid={!state.ok && state.error.fieldErrors?.certificateName ? true : undefined}
        />
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save name'}
      </button>
      <p id="certificate-name-help" className="w-full text-xs text-slate-600">
        Printed as you write it, in any alphabet. It cannot change once the certificate is issued.
      </p>
      <FormStatus state={state} />
    </form>
  )
}
