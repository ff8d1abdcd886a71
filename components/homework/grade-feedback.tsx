import type { SubmissionView } from '@/server/submissions/read-submission'
import { gradingProgressText } from './grading-progress-text'

const VERDICT_STYLE: Record<string, { label: string; className: string }> = {
  correct: { label: 'Correct', className: 'bg-emerald-100 text-emerald-900 border-emerald-200' },
  partial: { label: 'Partly correct', className: 'bg-amber-100 text-amber-900 border-amber-200' },
  incorrect: { label: 'Not correct yet', className: 'bg-red-50 text-red-900 border-red-200' },
  invalid: { label: 'Could not be graded (no attempt used)', className: 'bg-slate-100 text-slate-900 border-slate-200' },
  error: { label: 'Grader problem (no attempt used)', className: 'bg-slate-100 text-slate-900 border-slate-200' },
}

/** A wrong answer when no attempt is left: the verdict stands. */
const FINAL_VERDICT_LABEL: Record<string, string> = {
  partial: 'Partly correct — no attempts left',
  incorrect: 'Not correct — no attempts left',
}

/** What is happening while the learner waits, in the engine's terms. */
function waitingText(view: SubmissionView): string {
  const run = view.run
  if (view.status === 'queued') {
    const position = run?.queuePosition ?? null
    if (position === null || position <= 1) return 'Queued for grading, next in line…'
    return `Queued for grading: ${position - 1} ${position === 2 ? 'answer' : 'answers'} ahead of yours…`
  }
  if (run?.progress) return gradingProgressText(run.progress)
  if (run?.engine === 'python') return 'Grading: running your code and its checks in a sandbox…'
  if (run?.engine === 'sql') return 'Grading: running your query on the grading data…'
  return 'Grading…'
}

/** A query error's caret lines up under the character only in a monospace font. */
function messageFont(message: string) {
  return /^\s*\^\s*$/m.test(message) ? 'font-mono text-xs' : 'font-sans'
}

function points(value: number | null | undefined) {
  if (value === null || value === undefined) return '—'
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}

/** The result of one attempt: status while it is graded, then the verdict and every check. */
export function GradeFeedback({
  view,
  maxPoints,
  label,
  noAttemptsLeft = false,
}: {
  view: SubmissionView
  maxPoints: number
  /** "Attempt 2" or "Not counted" (attempt-numbers.ts) */
  label: string
  /** The learner cannot answer this question again (attempts used up, or the homework closed): no "yet". */
  noAttemptsLeft?: boolean
}) {
  const run = view.run
  if (view.status === 'queued' || view.status === 'running') {
    return (
      <p role="status" aria-live="polite" className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
        <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
        <span data-testid="waiting-status">
          {label}: {waitingText(view)}
        </span>
      </p>
    )
  }
  if (view.status === 'graded' && view.feedbackWithheldUntil) {
    return (
      <p role="status" aria-live="polite" data-testid="feedback-withheld" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
        {label} is recorded. Whether it is right is shown after submissions close (
        {new Date(view.feedbackWithheldUntil).toUTCString()}).
      </p>
    )
  }
  if (view.status === 'failed' || !run?.verdict) {
    return (
      <div role="status" aria-live="polite" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm">
        <p className="font-medium">This submission could not be graded (no attempt used).</p>
        <p className="mt-1 text-slate-700">{run?.message ?? 'Please try again in a minute.'}</p>
      </div>
    )
  }
  const style = VERDICT_STYLE[run.verdict] ?? VERDICT_STYLE.error!
  const verdictText = noAttemptsLeft ? (FINAL_VERDICT_LABEL[run.verdict] ?? style.label) : style.label
  return (
    <div role="status" aria-live="polite" data-testid="grade-feedback" className={`rounded-md border px-3 py-2 text-sm ${style.className}`}>
      <p className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold" data-testid="verdict">
          {label}: {verdictText}
        </span>
        <span>
          {points(run.points)} / {maxPoints} points{view.isLate ? ` (late: −${Math.round(view.latePenalty * 100)}%)` : ''}
        </span>
      </p>
      {run.checks.length > 0 && (
        <ul className="mt-2 space-y-1">
          {run.checks.map((check, index) => (
            <li key={index} className="flex gap-2" data-testid="check">
              <span aria-hidden className={check.passed ? 'text-emerald-700' : 'text-red-700'}>
                {check.passed ? '✓' : '✗'}
              </span>
              <span className="sr-only">{check.passed ? 'Passed:' : 'Failed:'}</span>
              <div className="min-w-0">
                <span className="font-medium">{check.name}</span>
                {check.message && <pre className={`mt-0.5 whitespace-pre-wrap break-words text-slate-800 ${messageFont(check.message)}`}>{check.message}</pre>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
