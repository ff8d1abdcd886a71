'use client'
import { signIn } from 'next-auth/react'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useActionState, useEffect, useRef } from 'react'
import { signUpAction, type SignUpState } from '@/server/auth/sign-up'

function Field(props: {
  name: string
  label: string
  type: string
  autoComplete: string
  error?: string
  defaultValue?: string
  hint?: string
}) {
  const describedBy = [props.hint && `${props.name}-hint`, props.error && `${props.name}-error`].filter(Boolean).join(' ')
  return (
    <div>
      <label htmlFor={props.name} className="field-label">
        {props.label}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="field-input"
      />
      {props.hint && (
        <p id={`${props.name}-hint`} className="mt-1 text-xs text-slate-600">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.name}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  )
}

/** `enrolIn`: a course slug to enrol the new account in (the course page's "Sign up to enrol"). */
export function SignUpForm({ redirectTo, enrolIn }: { redirectTo: string; enrolIn?: string }) {
  const router = useRouter()
  const [state, formAction, pending] = useActionState<SignUpState, FormData>(signUpAction, { ok: null })
  const password = useRef('')
  const fieldErrors: Record<string, string | undefined> = state.ok === false ? (state.error.fieldErrors ?? {}) : {}

  useEffect(() => {
    if (!state.ok || !state.values) return
    void signIn('credentials', { email: state.values.email, password: password.current, redirect: false }).then(() => {
      router.push(redirectTo)
      router.refresh()
    })
  }, [state, redirectTo, router])

  return (
    <form
      action={(form) => {
        password.current = String(form.get('password') ?? '')
        formAction(form)
      }}
      className="space-y-4"
      noValidate
    >
      {enrolIn && <input type="hidden" name="enrolIn" value={enrolIn} />}
      {state.ok === false && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error.message}
        </p>
      )}
      <Field name="name" label="Name" type="text" autoComplete="name" error={fieldErrors.name} defaultValue={state.values?.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} defaultValue={state.values?.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.password}
        hint="At least 10 characters. A few words make a good password."
      />
      <button type="submit" className="btn-primary w-full" disabled={pending || state.ok === true}>
        {pending || state.ok === true ? 'Creating your account…' : 'Create account'}
      </button>
      <p className="text-sm text-slate-600">
        Already have an account? <Link href={`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`}>Sign in</Link>.
      </p>
    </form>
  )
}
