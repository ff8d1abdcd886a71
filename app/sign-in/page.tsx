import type { Metadata } from 'next'
import { SignInForm } from '@/components/auth/sign-in-form'
import { safeRedirect } from '@/server/auth/safe-redirect'
import { requireAnonymous } from '@/server/auth/session'
import { publicEnv } from '@/server/env'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ redirectTo?: string }> }) {
  const redirectTo = safeRedirect((await searchParams).redirectTo)
  await requireAnonymous(redirectTo)
  return (
    <div className="mx-auto max-w-md">
      <div className="card">
        <h1 className="page-title mb-6">Sign in</h1>
        <SignInForm redirectTo={redirectTo} githubSignIn={publicEnv().githubSignIn} />
      </div>
    </div>
  )
}
