'use server'
import 'server-only'
// The sign-up form's server action: validates, creates the account, and reports field errors.
import { fieldErrorsFrom, toPublicError } from '../errors.ts'
import { logger } from '../logger.ts'
import { createAccount, signUpInput } from './accounts.ts'

export interface SignUpState {
  ok: boolean
  message?: string
  fieldErrors?: Record<string, string>
  values?: { name: string; email: string }
}

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') }
  const parsed = signUpInput.safeParse({ ...values, password: String(form.get('password') ?? '') })
  if (!parsed.success) {
    return { ok: false, message: 'Please fix the fields below.', fieldErrors: fieldErrorsFrom(parsed.error), values }
  }
  try {
    await createAccount(parsed.data)
    return { ok: true, values }
  } catch (error) {
    const publicError = toPublicError(error)
    if (publicError.status >= 500) logger.error({ err: error }, 'sign-up failed')
    return { ok: false, message: publicError.message, fieldErrors: publicError.fieldErrors, values }
  }
}
