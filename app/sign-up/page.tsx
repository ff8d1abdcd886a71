import type { Metadata } from 'next'
import { SignUpForm } from '@/components/auth/sign-up-form'
import { safeRedirect } from '@/server/auth/safe-redirect'
import { requireAnonymous } from '@/server/auth/session'

export const metadata: Metadata = { title: 'Create an account' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string; enrol?: string }> }) {
  const params = await searchParams
  const redirectTo = safeRedirect(params.redirectTo)
  const enrolIn = /^[a-z0-9-]{1,100}$/.test(params.enrol ?? '') ? params.enrol : undefined
  await requireAnonymous(redirectTo)
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="page-title mb-2">Create your account</h1>
        <p className="mb-6 text-sm text-slate-600">Free, and your work stays yours: submissions, scores and certificates.</p>
        <SignUpForm redirectTo={redirectTo} enrolIn={enrolIn} />
      </div>
    </div>
  )
}
