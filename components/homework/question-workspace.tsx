'use client'
// One homework question for an enrolled learner: answer it (choices, a number, text, SQL or Python),
// run SQL on the public sample, submit, follow grading live, and look back at earlier attempts.
import { useRef, useState, type ReactNode } from 'react'
import type { PublicQuestion } from '@/course/public-view'
import type { DatasetSchema } from '@/server/datasets/schema-info'
import type { AttemptLimitView } from '@/server/learners/homework-learner'
import type { SubmissionView } from '@/server/submissions/read-submission'
import { type ApiError, clientError, readApiError } from '../ui/api-error'
import { ApiErrorMessage } from '../ui/api-error-message'
import { AttemptHistory } from './attempt-history'
import { BigQueryEstimate } from './bigquery-estimate'
import { attemptLabel } from './attempt-numbers'
import { CodeEditor } from './code-editor'
import { GradeFeedback } from './grade-feedback'
import { RunResults, type RunOutcome } from './run-results'
import { SchemaBrowser } from './schema-browser'
import { draftKey, useDraft } from './use-draft'
import { useLiveSubmission } from './use-live-submission'

type Answer = string | string[]

const MAX_UPLOAD_BYTES = 64 * 1024

function initialAnswer(question: PublicQuestion, attempts: SubmissionView[]): Answer {
  const last = attempts[0]?.answer
  if (question.kind === 'multiple_choice') return Array.isArray(last) ? (last as string[]) : []
  if (last !== undefined && last !== null) return String(last)
  return question.starter ?? ''
}

/** What the API expects for each kind; null when the answer is not ready to send. */
function toSubmittable(question: PublicQuestion, answer: Answer): unknown | null {
  if (question.kind === 'multiple_choice') return Array.isArray(answer) && answer.length > 0 ? answer : null
  const text = String(answer).trim()
  if (!text) return null
  if (question.kind === 'numeric') {
    const number = Number(text.replace(',', '.'))
    return Number.isFinite(number) ? number : null
  }
  return question.kind === 'sql' || question.kind === 'python' ? String(answer) : text
}

/** The server's sentence when it refuses one more (AttemptsUsedUpError), without the refusal. */
function attemptsUsedUpText(allowed: number): string {
  return `No attempts left: you have used ${allowed === 1 ? 'your only attempt' : `all ${allowed} attempts`} on this question.`
}

export interface QuestionWorkspaceProps {
  /** The signed-in learner: drafts are kept per learner. */
  learnerId: string
  courseSlug: string
  homeworkSlug: string
  question: PublicQuestion
  prompt: ReactNode
  optionLabels?: Record<string, ReactNode>
  schema?: DatasetSchema
  attempts: SubmissionView[]
  /** The question's attempt limit and the attempts used (the learner's part); null: unlimited. */
  attemptLimit: AttemptLimitView | null
  /** Called when an attempt sent from here has its verdict: the page asks for the learner's attempts again. */
  onGraded: () => void
}

export function QuestionWorkspace({ learnerId, courseSlug, homeworkSlug, question, prompt, optionLabels, schema, attempts, attemptLimit, onGraded }: QuestionWorkspaceProps) {
  const [answer, setAnswer, clearDraft] = useDraft<Answer>(draftKey(learnerId, courseSlug, homeworkSlug, question.id), () =>
    initialAnswer(question, attempts),
  )
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [submissionId, setSubmissionId] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const [runOutcome, setRunOutcome] = useState<RunOutcome | null>(null)
  const [runError, setRunError] = useState<ApiError | null>(null)
  const [tabIndents, setTabIndents] = useState(false)
  // Set synchronously, so a second Enter in the same tick cannot send a duplicate before React re-renders.
  const sending = useRef(false)
  // The answer of the last attempt sent from this page: sending it again unchanged makes a duplicate attempt.
  const lastSent = useRef<string | null>(null)
  const { view: live, error: liveError } = useLiveSubmission(submissionId, onGraded)
  const latest = live ?? attempts[0] ?? null
  const headingId = `q-${question.id}`
  const idPrefix = `${homeworkSlug}-${question.id}`
  // Busy from the click until the attempt is graded, including the moment before its first live event.
  const awaitingLive = submissionId !== null && live === null && !liveError
  const busy = submitting || awaitingLive || latest?.status === 'queued' || latest?.status === 'running'
  // An attempt sent from here counts before the learner's part is read again (its number is the attempts used so far).
  const attemptsLeft = attemptLimit ? Math.max(0, attemptLimit.allowed - Math.max(attemptLimit.used, latest?.attemptNumber ?? 0)) : null
  const noAttemptsLeft = attemptsLeft === 0

  /** A run's rows or error belong to the query that produced them: an edit clears them. */
  function changeCode(next: string) {
    setAnswer(next)
    setRunOutcome(null)
    setRunError(null)
  }

  async function submit() {
    if (sending.current || busy || noAttemptsLeft) return
    const payload = toSubmittable(question, answer)
    if (payload === null) {
      setError(clientError(question.kind === 'numeric' ? 'Enter a number.' : 'Answer the question first.'))
      return
    }
    const serialized = JSON.stringify(payload)
    if (serialized === lastSent.current && latest?.status !== 'failed') {
      setError(clientError('You just submitted this answer. Change it to try again.'))
      return
    }
    sending.current = true
    setSubmitting(true)
    setError(null)
    try {
      const response = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ courseSlug, homeworkSlug, questionSlug: question.id, answer: payload }),
      })
      if (!response.ok) {
        setError(await readApiError(response, 'Your answer could not be submitted. Try again.'))
        return
      }
      const body = (await response.json()) as { submissionId: string }
      setSubmissionId(body.submissionId)
      lastSent.current = serialized
      clearDraft()
    } catch {
      setError(clientError('You seem to be offline. Your answer is saved here; submit again when you are back.', 'offline'))
    } finally {
      sending.current = false
      setSubmitting(false)
    }
  }

  async function runQuery() {
    setRunning(true)
    setRunError(null)
    try {
      const response = await fetch('/api/sql/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ courseSlug, homeworkSlug, questionSlug: question.id, sql: String(answer) }),
      })
      if (!response.ok) {
        setRunOutcome(null)
        setRunError(await readApiError(response, 'The query could not be run.'))
        return
      }
      setRunOutcome((await response.json()) as RunOutcome)
    } catch {
      setRunOutcome(null)
      setRunError(clientError('You seem to be offline.', 'offline'))
    } finally {
      setRunning(false)
    }
  }

  async function upload(file: File | undefined) {
    if (!file) return
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(clientError(`That file is larger than ${MAX_UPLOAD_BYTES / 1024} KiB.`))
      return
    }
    setAnswer(await file.text())
  }


  return (
    <section aria-labelledby={headingId} className="card space-y-4" data-testid={`question-${question.id}`}>
      <header className="flex items-baseline justify-between gap-4">
        <h2 id={headingId} className="font-semibold">
          Question {question.number}
        </h2>
        <span className="text-xs text-slate-600">
          {question.points} {question.points === 1 ? 'point' : 'points'}
        </span>
      </header>
      <div>{prompt}</div>

      {question.kind === 'single_choice' || question.kind === 'multiple_choice' ? (
        <fieldset>
          <legend className="sr-only">{question.kind === 'single_choice' ? 'Choose one' : 'Choose all that apply'}</legend>
          <div className="space-y-2">
            {question.options!.map((option) => {
              const checked = question.kind === 'single_choice' ? answer === option.id : (answer as string[]).includes(option.id)
              return (
                <label key={option.id} className="flex cursor-pointer items-baseline gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                  <input
                    type={question.kind === 'single_choice' ? 'radio' : 'checkbox'}
                    name={idPrefix}
                    value={option.id}
                    checked={checked}
                    disabled={noAttemptsLeft}
                    onChange={(event) => {
                      if (question.kind === 'single_choice') setAnswer(option.id)
                      else {
                        const current = answer as string[]
                        setAnswer(event.target.checked ? [...current, option.id] : current.filter((id) => id !== option.id))
                      }
                    }}
                  />
                  <span className="min-w-0">{optionLabels?.[option.id] ?? option.text}</span>
                </label>
              )
            })}
          </div>
        </fieldset>
      ) : question.kind === 'numeric' || question.kind === 'text' ? (
        <div>
          <label htmlFor={`${idPrefix}-answer`} className="field-label">
            Your answer
          </label>
          <input
            id={`${idPrefix}-answer`}
            inputMode={question.kind === 'numeric' ? 'decimal' : undefined}
            className="field-input max-w-md"
            value={String(answer)}
            disabled={noAttemptsLeft}
            onChange={(event) => setAnswer(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return
              event.preventDefault()
              void submit()
            }}
          />
        </div>
      ) : (
        <div className="space-y-3">
          {schema && <SchemaBrowser schema={schema} />}
          <CodeEditor
            id={`${idPrefix}-code`}
            language={question.kind === 'sql' ? 'sql' : 'python'}
            value={String(answer)}
            onChange={changeCode}
            readOnly={noAttemptsLeft}
            schema={schema}
            tabIndents={tabIndents}
            labelledBy={headingId}
            errorPosition={runOutcome && !runOutcome.ok ? runOutcome.position : null}
            onRun={question.kind === 'sql' ? () => void runQuery() : undefined}
          />
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={tabIndents} onChange={(event) => setTabIndents(event.target.checked)} />
              Tab key indents code
            </label>
            <span data-testid={`${idPrefix}-tab-note`}>
              {tabIndents ? 'Press Esc, then Tab, to leave the editor.' : 'Tab moves to the next control.'}
            </span>
          </div>
          {question.kind === 'python' && (
            <div className="text-sm">
              <label htmlFor={`${idPrefix}-file`} className="field-label">
                Or upload a .py file
              </label>
              <input id={`${idPrefix}-file`} type="file" accept=".py,text/x-python" className="mt-1 text-sm" disabled={noAttemptsLeft} onChange={(event) => void upload(event.target.files?.[0])} />
            </div>
          )}
        </div>
      )}

      {question.kind === 'sql' && question.sql?.engine === 'bigquery' && (
        <BigQueryEstimate courseSlug={courseSlug} homeworkSlug={homeworkSlug} questionSlug={question.id} sql={String(answer)} />
      )}
      <div className="flex flex-wrap items-center gap-3">
        {question.kind === 'sql' && (
          <button type="button" className="btn-secondary" onClick={() => void runQuery()} disabled={running}>
            {running ? 'Running…' : 'Run on sample data'}
          </button>
        )}
        <button type="button" className="btn-primary" onClick={() => void submit()} disabled={busy || noAttemptsLeft}>
          {submitting ? 'Submitting…' : attempts.length > 0 || live ? 'Submit again' : 'Submit'}
        </button>
        {attemptLimit && attemptsLeft !== null && !busy && (
          <span className="text-sm text-slate-700" data-testid="attempts-left">
            {noAttemptsLeft ? attemptsUsedUpText(attemptLimit.allowed) : `${attemptsLeft} of ${attemptLimit.allowed} ${attemptLimit.allowed === 1 ? 'attempt' : 'attempts'} left`}
          </span>
        )}
        {question.kind === 'sql' && (
          // Only where there is a keyboard and a fine pointer: a phone's on-screen keyboard has no Ctrl or ⌘.
          <span className="hidden text-xs text-slate-600 pointer-fine:inline" data-testid="run-shortcut-hint">
            Ctrl/⌘-Enter runs the query
          </span>
        )}
      </div>
      {error && <ApiErrorMessage error={error} field="answer" />}
      {runError && <ApiErrorMessage error={runError} field="sql" />}
      {liveError && <ApiErrorMessage error={liveError} />}
      {runOutcome && <RunResults outcome={runOutcome} />}
      {latest && <GradeFeedback view={latest} maxPoints={question.points} label={attemptLabel(latest)} noAttemptsLeft={noAttemptsLeft} />}
      <AttemptHistory attempts={attempts} questionLabel={`question ${question.number}`} onRestore={(previous) => setAnswer(Array.isArray(previous) ? (previous as string[]) : String(previous ?? ''))} />
    </section>
  )
}
