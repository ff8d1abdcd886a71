'use client'
// Follows one submission: Server-Sent Events first; if the stream breaks, polling. A refusal while
// polling (401 after the session ended, 403, 404) stops following and is returned as the envelope's
// error, so the page shows it like any other refusal (a sign-in link on 401).
import { useEffect, useState } from 'react'
import { isFinalSubmissionStatus, liveEvents } from '@/server/grading/status'
import type { SubmissionView } from '@/server/submissions/read-submission'
import { type ApiError, readApiError } from '../ui/api-error'

/** Statuses after which polling again cannot succeed without the learner acting. */
const STOP_POLLING_STATUSES = new Set([401, 403, 404])

export function useLiveSubmission(
  submissionId: string | null,
  onFinal: (view: SubmissionView) => void,
): { view: SubmissionView | null; error: ApiError | null } {
  const [view, setView] = useState<SubmissionView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    if (!submissionId) return
    let stopped = false
    let pollTimer: ReturnType<typeof setTimeout> | undefined
    setError(null)
    const accept = (next: SubmissionView) => {
      if (stopped) return
      setView(next)
      if (isFinalSubmissionStatus(next.status)) {
        stopped = true
        source.close()
        clearTimeout(pollTimer)
        onFinal(next)
      }
    }
    const poll = async () => {
      if (stopped) return
      try {
        const response = await fetch(`/api/submissions/${submissionId}`, { cache: 'no-store' })
        if (response.ok) accept((await response.json()) as SubmissionView)
        else if (STOP_POLLING_STATUSES.has(response.status)) {
          const refusal = await readApiError(response, 'Grading progress could not be read.')
          if (stopped) return
          stopped = true
          setError(refusal)
          return
        }
      } catch {
        // try again below
      }
      if (!stopped) pollTimer = setTimeout(poll, 1500)
    }
    const source = new EventSource(`/api/submissions/${submissionId}/events`)
    for (const event of liveEvents) {
      source.addEventListener(event, (message) => accept(JSON.parse((message as MessageEvent<string>).data) as SubmissionView))
    }
    source.onerror = () => {
      if (stopped) return
      source.close()
      void poll()
    }
    return () => {
      stopped = true
      source.close()
      clearTimeout(pollTimer)
    }
    // onFinal is a callback of the moment; a new submission id starts a new stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submissionId])

  // A new submission starts with nothing known, never with the previous attempt's final view.
  return { view: view && view.id === submissionId ? view : null, error }
}
