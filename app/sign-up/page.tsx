import type { Metadata } from 'next'
import { SignUpForm } from '@/components/auth/sign-up-form'
import { safeRedirect } from '@/server/auth/safe-redirect'
import { requireAnonymous } from '@/server/auth/session'

export const metadata: Metadata = { title: 'Create an account' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string }> }) {
  const redirectTo = safeRedirect((await searchParams).redirectTo)
  await requireAnonymous(redirectTo)
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="page-title mb-2">Create your account</h1>
        <p className="mb-6 text-sm text-slate-600">Free, and your work stays yours: submissions, scores and certificates.</p>
        <SignUpForm redirectTo={redirectTo} />
      </div>
    </div>
  )
}
