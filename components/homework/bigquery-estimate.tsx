'use client'
// BigQuery's "This query will process X when run." above the editor's buttons: a dry run of the
// current text on the local engine, a moment after the learner stops typing.
import { useEffect, useState } from 'react'

interface BigQueryEstimateProps {
  courseSlug: string
  homeworkSlug: string
  questionSlug: string
  sql: string
}

type Estimate = { ok: true; message: string } | { ok: false; message: string } | null

const DEBOUNCE_MS = 600

export function BigQueryEstimate({ courseSlug, homeworkSlug, questionSlug, sql }: BigQueryEstimateProps) {
  const [estimate, setEstimate] = useState<Estimate>(null)

  useEffect(() => {
    if (!sql.trim()) return
    const controller = new AbortController()
    const timer = setTimeout(async () => {
      try {
        const response = await fetch('/api/sql/dry-run', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ courseSlug, homeworkSlug, questionSlug, sql }),
          signal: controller.signal,
        })
        const body = (await response.json().catch(() => ({}))) as { ok?: boolean; message?: string }
        setEstimate({ ok: response.ok && body.ok === true, message: body.message ?? 'No estimate.' })
      } catch {
        // Aborted by a newer text, or offline: keep the last estimate.
      }
    }, DEBOUNCE_MS)
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [courseSlug, homeworkSlug, questionSlug, sql])

  if (!sql.trim() || !estimate) return null
  return (
    <p role="status" data-testid="bigquery-estimate" className={`text-sm ${estimate.ok ? 'text-emerald-800' : 'text-amber-800'}`}>
      {estimate.ok ? estimate.message : `No estimate: ${estimate.message}`}
    </p>
  )
}
