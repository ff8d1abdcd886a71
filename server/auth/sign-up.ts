'use server'
import 'server-only'
// The sign-up form's server action: validates, creates the account, and fails with the route
// handlers' error envelope (field errors included). It echoes name and email back to the form.
import { headers } from 'next/headers'
import { AppError, fieldErrorsFrom } from '../errors.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { enroll } from '../learners/enrollment.ts'
import { createAccount, signUpInput } from './accounts.ts'
import { clientAddress, throttleAuthAttempt } from './auth-throttle.ts'

export type SignUpState = (FormActionState | { ok: null }) & { values?: { name: string; email: string } }

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') }
  try {
    const parsed = signUpInput.safeParse({ ...values, password: String(form.get('password') ?? '') })
    if (!parsed.success) throw new AppError('unprocessable', 'Please fix the fields below.', fieldErrorsFrom(parsed.error))
    // Throttled per email and per address: 429 with retryAfterSeconds in the envelope.
    await throttleAuthAttempt('sign-up', { email: parsed.data.email, address: clientAddress(await headers()) })
    const user = await createAccount(parsed.data)
    // "Sign up to enrol": the learner comes back enrolled instead of clicking "Enrol" a second time.
    const enrolIn = String(form.get('enrolIn') ?? '')
    if (enrolIn) await enroll(user.id, enrolIn).catch(() => undefined) // an unknown course leaves just the account
    return { ok: true, values }
  } catch (error) {
    return { ...actionFailure(error, 'sign-up'), values }
  }
}
