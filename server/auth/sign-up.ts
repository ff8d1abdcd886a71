'use server'
import 'server-only'
// The sign-up form's server action: validates, creates the account, and fails with the route
// handlers' error envelope (field errors included). It echoes name and email back to the form.
import { AppError, fieldErrorsFrom } from '../errors.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { createAccount, signUpInput } from './accounts.ts'

export type SignUpState = (FormActionState | { ok: null }) & { values?: { name: string; email: string } }

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') }
  try {
    const parsed = signUpInput.safeParse({ ...values, password: String(form.get('password') ?? '') })
    if (!parsed.success) throw new AppError('unprocessable', 'Please fix the fields below.', fieldErrorsFrom(parsed.error))
    await createAccount(parsed.data)
    return { ok: true, values }
  } catch (error) {
    return { ...actionFailure(error, 'sign-up'), values }
  }
}
