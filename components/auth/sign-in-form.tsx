'use client'
import { signIn } from 'next-auth/react'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'

export function SignInForm({ redirectTo, githubSignIn }: { redirectTo: string; githubSignIn: boolean }) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setError(null)
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    }).catch(() => null)
    setPending(false)
    if (result?.status === 429 || result?.error === 'RateLimited') {
      setError('Too many sign-in attempts. Please wait a minute and try again.')
      return
    }
    if (!result || result.error) {
      setError('The email or password is not right. Check them and try again.')
      return
    }
    router.push(redirectTo)
    router.refresh()
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <div>
          <label htmlFor="email" className="field-label">
            Email
          </label>
          <input id="email" name="email" type="email" autoComplete="email" required className="field-input" />
        </div>
        <div>
          <label htmlFor="password" className="field-label">
            Password
          </label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className="field-input" />
        </div>
        <button type="submit" className="btn-primary w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {githubSignIn && (
        <button type="button" className="btn-secondary w-full" onClick={() => signIn('github', { callbackUrl: redirectTo })}>
          Continue with GitHub
        </button>
      )}
      <p className="text-sm text-slate-600">
        New here? <Link href={`/sign-up?redirectTo=${encodeURIComponent(redirectTo)}`}>Create an account</Link>.
      </p>
    </div>
  )
}
