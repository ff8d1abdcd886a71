/** The one-line outcome of an admin or instructor form, read out by screen readers. */
export function FormStatus({ state }: { state: { ok: boolean; message?: string } }) {
  if (!state.message) return null
  return (
    <p role="status" className={state.ok ? 'w-full text-sm text-emerald-800' : 'w-full text-sm text-red-700'}>
      {state.message}
    </p>
  )
}
