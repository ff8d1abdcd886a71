import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { QuestionView } from '@/components/course/question-view'
import { findHomework, getCourse } from '@/server/courses/content'
import { mayRevealAnswers, toPublicHomework } from '@/course/public-view'
import { Markdown } from '@/components/course/markdown'
import { datasetSchema } from '@/server/datasets/schema-info'
import { courseNow } from '@/server/clock'
import { lastWindowClosesAt } from '@/server/learners/deadline-extensions'
import { leaderboardConfigSchema } from '@/course/schema'
import { describeAttemptPolicy } from '@/server/submissions/attempt-policy'
import { isCodeSandboxAvailable } from '@/server/code-sandbox-status'
import { HomeworkDueLine, HomeworkExtrasSlot, HomeworkLearnerProvider, HomeworkOpensLine, HomeworkStatusNote, LatestAttemptFeedback, QuestionSlot } from '@/components/homework/homework-learner'

// The homework page is the same for every visitor: the questions from the course files and the state of
// the course calendar. Next.js renders it on its first request and serves that render to everyone
// (ISR), rendering it again in the background at most every `revalidate` seconds, so deadline night's
// crowd costs one render, not one per request. The learner's own part (their workspace, attempts,
// extension and extras) is asked for by the browser (components/homework/homework-learner.tsx), which
// fills the slots this page leaves for it.
// A render is at most a few seconds old: one made before the deadline shows the answers hidden for a
// few more seconds, never the reverse; submissions are checked against the clock when they arrive.
type Params = Promise<{ slug: string; homework: string }>

export const revalidate = 5
/** No page at build time (a build needs no database): each is rendered on its first request, then cached. */
export async function generateStaticParams() {
  return []
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, homework } = await params
  const course = await getCourse(slug)
  return { title: (course && findHomework(course, homework)?.homework.config.title) ?? 'Homework not found' }
}

export default async function HomeworkPage({ params }: { params: Params }) {
  const { slug, homework: homeworkSlug } = await params
  const course = await getCourse(slug)
  const found = course && findHomework(course, homeworkSlug)
  if (!course || !found) notFound()
  const { week } = found
  const now = courseNow()
  const tz = course.config.timezone
  const pythonImages = [...new Set(found.homework.questions.flatMap((question) => (question.kind === 'python' ? [question.spec.image] : [])))]
  const [closesAt, unavailable] = await Promise.all([
    lastWindowClosesAt({ courseSlug: slug, homeworkSlug }, found.homework),
    Promise.all(pythonImages.map(async (image) => ((await isCodeSandboxAvailable(image)) ? [] : [image]))),
  ])
  // Only this allow-listed view reaches the page: no answers, solutions or hidden tests.
  // Extensions keep answers hidden from everyone until the last extended window closes.
  const homework = toPublicHomework(found.homework, { revealAnswers: mayRevealAnswers(found.homework, now, closesAt) })
  const unavailableImages = new Set(unavailable.flat())
  return (
    <HomeworkLearnerProvider courseSlug={slug} homeworkSlug={homeworkSlug}>
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
          <HomeworkOpensLine opensAt={found.homework.opensAt.toISOString()} timeZone={tz} />
          <HomeworkDueLine
            deadline={found.homework.deadline.toISOString()}
            latePolicy={found.homework.latePolicy ? { until: found.homework.latePolicy.until.toISOString(), penalty: found.homework.latePolicy.penalty } : null}
            timeZone={tz}
            questions={homework.questions.length}
            points={homework.totalPoints}
            scoring={homework.scoring}
          />
          <p data-testid="attempt-policy">
            {describeAttemptPolicy(
              found.homework,
              found.homework.questions.map((question) => question.spec.kind),
            )}
          </p>
        </div>
        <div className="mt-6">
          <HomeworkStatusNote opensAt={found.homework.opensAt.toISOString()} timeZone={tz} answersRevealed={homework.answersRevealed} />
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
              <QuestionSlot
                question={question}
                readOnly={
                  <QuestionView question={question}>
                    <LatestAttemptFeedback questionId={question.id} maxPoints={question.points} />
                  </QuestionView>
                }
                prompt={<Markdown compact>{question.prompt}</Markdown>}
                optionLabels={
                  question.options &&
                  Object.fromEntries(question.options.map((option) => [option.id, <Markdown key={option.id} compact>{option.text}</Markdown>]))
                }
                schema={question.sql ? (datasetSchema(question.sql.dataset) ?? undefined) : undefined}
              />
            </li>
          ))}
        </ol>
        <HomeworkExtrasSlot cap={(course.config.leaderboard ?? leaderboardConfigSchema.parse({})).learning_in_public_cap} />
      </div>
    </HomeworkLearnerProvider>
  )
}
