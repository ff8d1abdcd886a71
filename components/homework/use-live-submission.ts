'use client'
// Follows one submission: Server-Sent Events first; if the stream breaks, polling.
import { useEffect, useState } from 'react'
import { isFinalSubmissionStatus, liveEvents } from '@/server/grading/status'
import type { SubmissionView } from '@/server/submissions/read-submission'

export function useLiveSubmission(submissionId: string | null, onFinal: (view: SubmissionView) => void) {
  const [view, setView] = useState<SubmissionView | null>(null)

  useEffect(() => {
    if (!submissionId) return
    let stopped = false
    let pollTimer: ReturnType<typeof setTimeout> | undefined
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
  return view && view.id === submissionId ? view : null
}
