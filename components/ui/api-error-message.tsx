'use client'
// Shows a refusal from the server the same way everywhere: its message; on 401 a link to sign in
// again (back to this page); on 429 a live countdown until a retry may succeed.
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { useEffect, useState } from 'react'
import { type ApiError, messageFor } from './api-error'

function useCountdown(seconds: number | null, key: unknown): number {
  const [left, setLeft] = useState(seconds ?? 0)
  useEffect(() => {
    if (!seconds) return
    const until = Date.now() + seconds * 1000
    setLeft(seconds)
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000))
      setLeft(remaining)
      if (remaining === 0) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [seconds, key])
  return left
}

export function ApiErrorMessage({ error, field }: { error: ApiError; field?: string }) {
  const pathname = usePathname()
  const secondsLeft = useCountdown(error.status === 429 ? error.retryAfterSeconds : null, error)
  return (
    <div role="alert" className="text-sm text-red-700" data-testid="api-error" data-code={error.code}>
      <p>{messageFor(error, field)}</p>
      {error.status === 401 && (
        <p className="mt-1">
          <Link href={`/sign-in?redirectTo=${encodeURIComponent(pathname ?? '/')}`} className="font-medium underline">
            Sign in again
          </Link>
        </p>
      )}
      {error.status === 429 && error.retryAfterSeconds !== null && (
        <p className="mt-1" aria-live="polite" data-testid="retry-countdown">
          {secondsLeft > 0 ? `You can try again in ${secondsLeft} s.` : 'You can try again now.'}
        </p>
      )}
    </div>
  )
}
