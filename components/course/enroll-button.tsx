'use client'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { type ApiError, clientError, readApiError } from '../ui/api-error'
import { ApiErrorMessage } from '../ui/api-error-message'

type State = { signedIn: boolean; enrolled: boolean } | null

export function EnrollButton({ slug }: { slug: string }) {
  const router = useRouter()
  const [state, setState] = useState<State>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    let live = true
    fetch(`/api/courses/${slug}/enrollment`)
      .then((response) => response.json())
      .then((body: State) => live && setState(body))
      .catch(() => live && setState({ signedIn: false, enrolled: false }))
    return () => {
      live = false
    }
  }, [slug])

  if (!state) return <span aria-hidden className="inline-block h-10 w-40 animate-pulse rounded-md bg-slate-100" />
  if (!state.signedIn) {
    return (
      <Link href={`/sign-up?redirectTo=${encodeURIComponent(`/courses/${slug}/dashboard`)}&enrol=${encodeURIComponent(slug)}`} className="btn-primary">
        Sign up to enrol
      </Link>
    )
  }
  if (state.enrolled) {
    return (
      <Link href={`/courses/${slug}/dashboard`} className="btn-primary">
        Go to your dashboard
      </Link>
    )
  }
  async function onEnroll() {
    setPending(true)
    setError(null)
    const response = await fetch(`/api/courses/${slug}/enrollment`, { method: 'POST' }).catch(() => null)
    setPending(false)
    if (!response) {
      setError(clientError('You seem to be offline. Try again when you are back.', 'offline'))
      return
    }
    if (!response.ok) {
      setError(await readApiError(response, 'Could not enrol. Try again.'))
      return
    }
    router.push(`/courses/${slug}/dashboard`)
  }
  return (
    <div className="flex flex-col items-start gap-2">
      <button type="button" className="btn-primary" onClick={onEnroll} disabled={pending}>
        {pending ? 'Enrolling…' : 'Enrol for free'}
      </button>
      {error && <ApiErrorMessage error={error} />}
    </div>
  )
}
