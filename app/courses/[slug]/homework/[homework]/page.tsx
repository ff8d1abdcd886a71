import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { QuestionView } from '@/components/course/question-view'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { findHomework, getCourse } from '@/server/courses/content'
import { mayRevealAnswers, toPublicHomework } from '@/course/public-view'
import { EnrollButton } from '@/components/course/enroll-button'
import { Markdown } from '@/components/course/markdown'
import { QuestionWorkspace } from '@/components/homework/question-workspace'
import { attemptLabel } from '@/components/homework/attempt-numbers'
import { GradeFeedback } from '@/components/homework/grade-feedback'
import { getUser } from '@/server/auth/session'
import { datasetSchema } from '@/server/datasets/schema-info'
import { homeworkState } from '@/server/learners/dashboard'
import { courseNow } from '@/server/clock'
import { formatDayMonth } from '@/components/ui/format'
import { getEnrollment } from '@/server/learners/enrollment'
import { lastWindowClosesAt, learnerWindow } from '@/server/learners/deadline-extensions'
import { getHomeworkExtras } from '@/server/learners/homework-extras'
import { HomeworkExtrasForm } from '@/components/homework/homework-extras-form'
import { leaderboardConfigSchema } from '@/course/schema'
import { listSubmissionsForOwner } from '@/server/submissions/read-submission'
import { describeAttemptPolicy } from '@/server/submissions/attempt-policy'
import Link from 'next/link'
import { isCodeSandboxAvailable } from '@/server/code-sandbox-status'

type Params = Promise<{ slug: string; homework: string }>

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, homework } = await params
  const course = await getCourse(slug)
  return { title: (course && findHomework(course, homework)?.homework.config.title) ?? 'Homework not found' }
}

export default async function HomeworkPage({ params }: { params: Params }) {
  await connection() // whether answers may be shown depends on the time of the request
  const { slug, homework: homeworkSlug } = await params
  const course = await getCourse(slug)
  const found = course && findHomework(course, homeworkSlug)
  if (!course || !found) notFound()
  const { week } = found
  // Only this allow-listed view reaches the page: no answers, solutions or hidden tests.
  // Extensions keep answers hidden from everyone until the last extended window closes.
  const now = courseNow()
  const where = { courseSlug: slug, homeworkSlug }
  const tz = course.config.timezone
  const user = await getUser()
  // The reads below are independent: one round of queries, not one after another. (Attempts and
  // extras are read for every signed-in visitor and shown only when enrolled.)
  const pythonImages = [...new Set(found.homework.questions.flatMap((question) => (question.kind === 'python' ? [question.spec.image] : [])))]
  const [closesAt, window, enrollment, ownAttempts, ownExtras, unavailable] = await Promise.all([
    lastWindowClosesAt(where, found.homework),
    // The learner's own window (their deadline extension, if any) decides whether they may still answer.
    learnerWindow(user?.id, where, found.homework),
    user ? getEnrollment(user.id, slug) : null,
    user ? listSubmissionsForOwner(user.id, { courseSlug: slug, homeworkSlug }) : [],
    user ? getHomeworkExtras(user.id, slug, homeworkSlug) : null,
    Promise.all(pythonImages.map(async (image) => ((await isCodeSandboxAvailable(image)) ? [] : [image]))),
  ])
  // Only this allow-listed view reaches the page: no answers, solutions or hidden tests.
  // Extensions keep answers hidden from everyone until the last extended window closes.
  const homework = toPublicHomework(found.homework, { revealAnswers: mayRevealAnswers(found.homework, now, closesAt) })
  const state = homeworkState(window, now)
  const enrolled = Boolean(enrollment)
  const attempts = enrolled ? ownAttempts : []
  const canAnswer = enrolled && (state === 'open' || state === 'late')
  const extras = enrolled ? ownExtras : null
  const unavailableImages = new Set(unavailable.flat())
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs
        items={[
          { href: `/courses/${slug}`, label: course.config.title },
          { href: `/courses/${slug}/weeks/${week.slug}`, label: `Week ${week.number}` },
          { label: 'Homework' },
        ]}
      />
      <h1 className="page-title">{homework.title}</h1>
      <div className="mt-3 space-y-1 text-sm text-slate-700">
        {state === 'upcoming' && (
          <p className="font-medium text-brand-700" data-testid="homework-opens">
            Opens {formatDayMonth(found.homework.opensAt, tz)}
          </p>
        )}
        <p>
          Due <LocalDateTime iso={window.deadline.toISOString()} fallbackTimeZone={tz} /> (your time)
          {window !== found.homework && <strong data-testid="deadline-extended"> (extended for you)</strong>} ·{' '}
          {homework.questions.length} questions · {homework.totalPoints} points ·{' '}
          {homework.scoring === 'best' ? 'your best attempt counts' : 'your last attempt counts'}
        </p>
        <p data-testid="attempt-policy">
          {describeAttemptPolicy(
            found.homework,
            found.homework.questions.map((question) => question.spec.kind),
          )}
        </p>
        {window.latePolicy && (
          <p className="text-xs text-slate-600">
            Late answers accepted until <LocalDateTime iso={window.latePolicy.until.toISOString()} fallbackTimeZone={tz} />{' '}
            for {Math.round((1 - window.latePolicy.penalty) * 100)}% of the points.
          </p>
        )}
      </div>
      <div className="mt-6">
        {!user ? (
          <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm">
            <Link href={`/sign-in?redirectTo=${encodeURIComponent(`/courses/${slug}/homework/${homeworkSlug}`)}`}>Sign in</Link> and enrol to
            answer these questions.
          </p>
        ) : !enrolled ? (
          <div className="flex flex-wrap items-center gap-4 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm">
            <span>Enrol in the course to answer these questions.</span>
            <EnrollButton slug={slug} />
          </div>
        ) : state === 'upcoming' ? (
          <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="homework-not-open">
            This homework opens on <LocalDateTime iso={found.homework.opensAt.toISOString()} fallbackTimeZone={tz} />. You can read the
            questions now; answers are accepted from then on.
          </p>
        ) : state === 'closed' ? (
          <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm">
            This homework is closed; new answers are no longer accepted.
            {homework.answersRevealed ? ' The answers are shown below.' : ''}
          </p>
        ) : state === 'late' ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            The deadline has passed: answers you submit now count as late.
          </p>
        ) : null}
      </div>
      <ol className="mt-6 space-y-6">
        {homework.questions.map((question) => (
          <li key={question.id}>
            {question.python && unavailableImages.has(question.python.image) && (
              <p role="note" className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="sandbox-unavailable">
                The code sandbox is unavailable on this server right now, so Python answers cannot be graded. You can
                still write and save your answer; submit it once the sandbox is back (a failed grading never costs an attempt).
              </p>
            )}
            {canAnswer && user ? (
              <QuestionWorkspace
                learnerId={user.id}
                courseSlug={slug}
                homeworkSlug={homeworkSlug}
                question={question}
                prompt={<Markdown compact>{question.prompt}</Markdown>}
                optionLabels={
                  question.options &&
                  Object.fromEntries(question.options.map((option) => [option.id, <Markdown key={option.id} compact>{option.text}</Markdown>]))
                }
                schema={question.sql ? (datasetSchema(question.sql.dataset) ?? undefined) : undefined}
                attempts={attempts.filter((attempt) => attempt.questionId === question.id)}
              />
            ) : (
              <QuestionView question={question}>
                {(() => {
                  const own = attempts.filter((attempt) => attempt.questionId === question.id)
                  const latest = own[0]
                  return latest ? <GradeFeedback view={latest} maxPoints={question.points} label={attemptLabel(latest, own)} /> : null
                })()}
              </QuestionView>
            )}
          </li>
        ))}
      </ol>
      {enrolled && (
        <div className="mt-8">
          <HomeworkExtrasForm
            courseSlug={slug}
            homeworkSlug={homeworkSlug}
            cap={(course.config.leaderboard ?? leaderboardConfigSchema.parse({})).learning_in_public_cap}
            readOnly={state === 'closed'}
            values={{
              solutionUrl: extras?.solutionUrl ?? '',
              learningInPublicUrls: extras?.learningInPublicUrls ?? [],
              lecturesHours: extras?.lecturesHours ?? null,
              homeworkHours: extras?.homeworkHours ?? null,
              faqUrl: extras?.faqUrl ?? '',
              struck: (extras?.strikes ?? []).filter((strike) => extras?.learningInPublicUrls.includes(strike.url)),
            }}
          />
        </div>
      )}
    </div>
  )
}
