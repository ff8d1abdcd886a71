import type { FormActionState } from '@/server/http/error-envelope'

/** The one-line outcome of an admin or instructor form, read out by screen readers. */
export function FormStatus({ state }: { state: FormActionState }) {
  const message = state.ok ? state.message : (Object.values(state.error.fieldErrors ?? {})[0] ?? state.error.message)
  if (!message) return null
  return (
    <p role="status" className={state.ok ? 'w-full text-sm text-emerald-800' : 'w-full text-sm text-red-700'}>
      {message}
    </p>
  )
}
