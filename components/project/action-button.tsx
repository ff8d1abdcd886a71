'use client'
// A button that runs one server action and says what happened (instructor controls, volunteering).
import { useState, useTransition } from 'react'
import type { FormState } from '@/server/projects/actions'
import { messageOf } from './form-state'

export function ActionButton({ run, label, confirm, variant = 'secondary' }: { run: () => Promise<FormState>; label: string; confirm?: string; variant?: 'primary' | 'secondary' }) {
  const [pending, startTransition] = useTransition()
  const [state, setState] = useState<FormState | null>(null)
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={variant === 'primary' ? 'btn-primary' : 'btn-secondary'}
        disabled={pending}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return
          startTransition(async () => setState(await run()))
        }}
      >
        {pending ? 'Working…' : label}
      </button>
      {messageOf(state) && (
        <span role="status" className={state?.ok ? 'text-sm text-emerald-800' : 'text-sm text-red-700'}>
          {messageOf(state)}
        </span>
      )}
    </span>
  )
}
