'use client'
import { diffLines } from 'diff'
import { useState } from 'react'
import type { SubmissionView } from '@/server/submissions/read-submission'

function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer
  if (Array.isArray(answer)) return answer.join(', ')
  return JSON.stringify(answer)
}

function verdictLabel(view: SubmissionView) {
  if (view.status === 'queued' || view.status === 'running') return 'grading…'
  if (view.status === 'failed') return 'not graded'
  if (view.feedbackWithheldUntil) return 'shown after the deadline'
  return view.run?.verdict ?? '—'
}

/**
 * Earlier submissions, newest first, each with its attempt number ("not counted" when it used none) as
 * the card and the CSV number it; pick two to see what changed between them.
 */
export function AttemptHistory({
  attempts,
  questionLabel,
  onRestore,
}: {
  attempts: SubmissionView[]
  questionLabel: string
  onRestore: (answer: unknown) => void
}) {
  const [picked, setPicked] = useState<string[]>([])
  if (attempts.length === 0) return null
  const toggle = (id: string) => setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current.slice(-1), id]))
  const [older, newer] = picked
    .map((id) => attempts.find((attempt) => attempt.id === id)!)
    .sort((a, b) => a.submissionNumber - b.submissionNumber)
  return (
    <details className="rounded-md border border-slate-200 text-sm">
      <summary className="cursor-pointer px-3 py-2 font-medium">Your submissions ({attempts.length})</summary>
      <div className="space-y-3 px-3 pb-3">
        {/* Seven columns: on a phone the table scrolls inside its box, never the page. */}
        <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="py-1">Compare</th>
              <th scope="col" className="py-1">Submission</th>
              <th scope="col" className="py-1">Attempt</th>
              <th scope="col" className="py-1">Submitted</th>
              <th scope="col" className="py-1">Result</th>
              <th scope="col" className="py-1">Points</th>
              <th scope="col" className="py-1"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt) => (
              <tr key={attempt.id} className="border-t border-slate-100">
                <td className="py-1">
                  <input
                    type="checkbox"
                    aria-label={`Compare submission ${attempt.submissionNumber} of ${questionLabel}`}
                    checked={picked.includes(attempt.id)}
                    onChange={() => toggle(attempt.id)}
                  />
                </td>
                <td className="py-1">{attempt.submissionNumber}</td>
                <td className="py-1">{attempt.attemptNumber === null ? 'not counted' : `#${attempt.attemptNumber}`}</td>
                <td className="py-1">{new Date(attempt.submittedAt).toLocaleString()}</td>
                <td className="py-1">{verdictLabel(attempt)}</td>
                <td className="py-1">{attempt.run?.points ?? '—'}</td>
                <td className="py-1 text-right">
                  <button type="button" className="text-brand-700 underline" onClick={() => onRestore(attempt.answer)}>
                    Load<span className="sr-only"> submission {attempt.submissionNumber} of {questionLabel}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {older && newer ? (
          <div>
            <p className="mb-1 text-xs text-slate-600">
              Changes from submission {older.submissionNumber} to {newer.submissionNumber}
            </p>
            <pre className="overflow-x-auto rounded-md bg-slate-50 p-2 font-mono text-xs" data-testid="attempt-diff">
              {diffLines(answerText(older.answer), answerText(newer.answer)).map((part, index) => (
                <span
                  key={index}
                  className={part.added ? 'bg-emerald-100 text-emerald-900' : part.removed ? 'bg-red-100 text-red-900 line-through' : ''}
                >
                  {part.value.replace(/\n$/, '').split('\n').map((line) => `${part.added ? '+ ' : part.removed ? '- ' : '  '}${line}`).join('\n')}
                  {'\n'}
                </span>
              ))}
            </pre>
          </div>
        ) : (
          attempts.length > 1 && <p className="text-xs text-slate-600">Tick two submissions to see what changed.</p>
        )}
      </div>
    </details>
  )
}
