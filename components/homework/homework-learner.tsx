'use client'
// The learner's part of the homework page, filled in by the browser. The page (the questions, from the
// course files) is the same for everyone and served from a cache; this asks the server for the
// learner's own part (GET /api/courses/[slug]/homework/[homework]/learner) and shows it in the slots
// the page leaves for it: the status note, the due line, each question's workspace or feedback, and
// the extras form. Until it arrives, the questions show read-only.
import Link from 'next/link'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react'
import type { PublicQuestion } from '@/course/public-view'
import type { DatasetSchema } from '@/server/datasets/schema-info'
import type { HomeworkLearnerView } from '@/server/learners/homework-learner'
import { EnrollButton } from '../course/enroll-button'
import { type ApiError, clientError, readApiError } from '../ui/api-error'
import { ApiErrorMessage } from '../ui/api-error-message'
import { formatDayMonth } from '../ui/format'
import { LocalDateTime } from '../ui/local-date-time'
import { attemptLabel } from './attempt-numbers'
import { GradeFeedback } from './grade-feedback'
import { HomeworkExtrasForm } from './homework-extras-form'
import { QuestionWorkspace } from './question-workspace'

interface LearnerContext {
  courseSlug: string
  homeworkSlug: string
  /** Null until the first answer arrives. */
  view: HomeworkLearnerView | null
  error: ApiError | null
  /** Asks again (after a grading finishes): the view already shown stays until the new one arrives. */
  reload: () => void
}

const Context = createContext<LearnerContext | null>(null)

export function useHomeworkLearner(): LearnerContext {
  const context = useContext(Context)
  if (!context) throw new Error('useHomeworkLearner needs a <HomeworkLearnerProvider> around it')
  return context
}

export function HomeworkLearnerProvider({ courseSlug, homeworkSlug, children }: { courseSlug: string; homeworkSlug: string; children: ReactNode }) {
  const [view, setView] = useState<HomeworkLearnerView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  // Answers arrive in the order they were asked for; an older one never replaces a newer one.
  const asked = useRef(0)
  const reload = useCallback(() => {
    const request = ++asked.current
    fetch(`/api/courses/${encodeURIComponent(courseSlug)}/homework/${encodeURIComponent(homeworkSlug)}/learner`, { cache: 'no-store' })
      .then(async (response) => {
        if (request !== asked.current) return
        if (!response.ok) {
          setError(await readApiError(response, 'Could not load your answers. Reload the page to try again.'))
          return
        }
        setView((await response.json()) as HomeworkLearnerView)
        setError(null)
      })
      .catch(() => request === asked.current && setError(clientError('You seem to be offline: your answers could not be loaded. Reload the page when you are back.', 'offline')))
  }, [courseSlug, homeworkSlug])
  useEffect(reload, [reload])
  return <Context.Provider value={{ courseSlug, homeworkSlug, view, error, reload }}>{children}</Context.Provider>
}

/** "Opens 18 Jan" while the homework is not open yet (the calendar now, not when the cached page was made). */
export function HomeworkOpensLine({ opensAt, timeZone }: { opensAt: string; timeZone: string }) {
  const { view } = useHomeworkLearner()
  if (view?.state !== 'upcoming') return null
  return (
    <p className="font-medium text-brand-700" data-testid="homework-opens">
      Opens {formatDayMonth(new Date(opensAt), timeZone)}
    </p>
  )
}

/** The due line: the learner's own deadline when an extension moved it. */
export function HomeworkDueLine(props: {
  deadline: string
  latePolicy: { until: string; penalty: number } | null
  timeZone: string
  questions: number
  points: number
  scoring: 'best' | 'last'
}) {
  const { view } = useHomeworkLearner()
  const own = view?.signedIn ? view : null
  const deadline = own?.deadline ?? props.deadline
  const latePolicy = own ? own.latePolicy : props.latePolicy
  return (
    <>
      <p>
        Due <LocalDateTime iso={deadline} fallbackTimeZone={props.timeZone} /> (your time)
        {own?.extended && <strong data-testid="deadline-extended"> (extended for you)</strong>} · {props.questions} questions · {props.points} points ·{' '}
        {props.scoring === 'best' ? 'your best attempt counts' : 'your last attempt counts'}
      </p>
      {latePolicy && (
        <p className="text-xs text-slate-600">
          Late answers accepted until <LocalDateTime iso={latePolicy.until} fallbackTimeZone={props.timeZone} /> for{' '}
          {Math.round((1 - latePolicy.penalty) * 100)}% of the points.
        </p>
      )}
    </>
  )
}

const NOTE = 'rounded-md border border-slate-200 bg-white px-4 py-3 text-sm'

/** What the visitor can do here: sign in, enrol, wait for the opening, or nothing more (closed, late). */
export function HomeworkStatusNote({ opensAt, timeZone, answersRevealed }: { opensAt: string; timeZone: string; answersRevealed: boolean }) {
  const { courseSlug, homeworkSlug, view, error } = useHomeworkLearner()
  if (error) return <ApiErrorMessage error={error} />
  if (!view) {
    return (
      <p className={`${NOTE} text-slate-600`} aria-busy="true" data-testid="learner-loading">
        Loading your answers…
      </p>
    )
  }
  if (!view.signedIn) {
    return (
      <p className={NOTE}>
        <Link href={`/sign-in?redirectTo=${encodeURIComponent(`/courses/${courseSlug}/homework/${homeworkSlug}`)}`}>Sign in</Link> and enrol to answer these
        questions.
      </p>
    )
  }
  if (!view.enrolled) {
    return (
      <div className={`flex flex-wrap items-center gap-4 ${NOTE}`}>
        <span>Enrol in the course to answer these questions.</span>
        <EnrollButton slug={courseSlug} />
      </div>
    )
  }
  switch (view.state) {
    case 'upcoming':
      return (
        <p className={NOTE} data-testid="homework-not-open">
          This homework opens on <LocalDateTime iso={opensAt} fallbackTimeZone={timeZone} />. You can read the questions now; answers are accepted from
          then on.
        </p>
      )
    case 'closed':
      return (
        <p className={NOTE}>
          This homework is closed; new answers are no longer accepted.
          {answersRevealed ? ' The answers are shown below.' : ''}
        </p>
      )
    case 'late':
      return (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The deadline has passed: answers you submit now count as late.
        </p>
      )
    default:
      return null
  }
}

/**
 * One question: the learner's workspace while they may answer, otherwise the read-only question the
 * page rendered (`readOnly`), which also shows before the learner's part arrives.
 */
export function QuestionSlot(props: {
  question: PublicQuestion
  readOnly: ReactNode
  prompt: ReactNode
  optionLabels?: Record<string, ReactNode>
  schema?: DatasetSchema
}) {
  const { courseSlug, homeworkSlug, view, reload } = useHomeworkLearner()
  if (!view?.signedIn || !view.canAnswer) return props.readOnly
  return (
    <QuestionWorkspace
      learnerId={view.learnerId}
      courseSlug={courseSlug}
      homeworkSlug={homeworkSlug}
      question={props.question}
      prompt={props.prompt}
      optionLabels={props.optionLabels}
      schema={props.schema}
      attempts={view.attempts.filter((attempt) => attempt.questionId === props.question.id)}
      attemptLimit={view.attemptLimits[props.question.id] ?? null}
      onGraded={reload}
    />
  )
}

/** Inside a read-only question: the learner's latest attempt and its feedback (a closed or not yet open homework). */
export function LatestAttemptFeedback({ questionId, maxPoints }: { questionId: string; maxPoints: number }) {
  const { view } = useHomeworkLearner()
  if (!view?.signedIn) return null
  const own = view.attempts.filter((attempt) => attempt.questionId === questionId)
  const latest = own[0]
  // Shown when the learner cannot answer (a closed homework): nothing here may read "yet".
  return latest ? (
    <div className="mt-4">
      <GradeFeedback view={latest} maxPoints={maxPoints} label={attemptLabel(latest)} noAttemptsLeft />
    </div>
  ) : null
}

/** The extras form (solution link, learning in public, hours) of an enrolled learner. */
export function HomeworkExtrasSlot({ cap }: { cap: number }) {
  const { courseSlug, homeworkSlug, view } = useHomeworkLearner()
  if (!view?.signedIn || !view.extras) return null
  return (
    <div className="mt-8">
      <HomeworkExtrasForm courseSlug={courseSlug} homeworkSlug={homeworkSlug} cap={cap} readOnly={view.state === 'closed'} values={view.extras} />
    </div>
  )
}
