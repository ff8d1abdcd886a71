import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { QuestionView } from '@/components/course/question-view'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { findHomework, getCourse } from '@/server/courses/content'
import { mayRevealAnswers, toPublicHomework } from '@/course/public-view'

type Params = Promise<{ slug: string; homework: string }>

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, homework } = await params
  const course = await getCourse(slug)
  return { title: (course && findHomework(course, homework)?.homework.config.title) ?? 'Homework not found' }
}

export default async function HomeworkPage({ params }: { params: Params }) {
  await connection() // whether answers may be shown depends on the time of the request
  const { slug, homework: homeworkId } = await params
  const course = await getCourse(slug)
  const found = course && findHomework(course, homeworkId)
  if (!course || !found) notFound()
  const { week } = found
  // Only this allow-listed view reaches the page: no answers, solutions or hidden tests.
  const homework = toPublicHomework(found.homework, { revealAnswers: mayRevealAnswers(found.homework) })
  const tz = course.config.timezone
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
        <p>
          Due <LocalDateTime iso={homework.deadline.toISOString()} fallbackTimeZone={tz} /> (your time) ·{' '}
          {homework.questions.length} questions · {homework.totalPoints} points ·{' '}
          {homework.scoring === 'best' ? 'your best attempt counts' : 'your last attempt counts'}
        </p>
        {homework.latePolicy && (
          <p className="text-xs text-slate-600">
            Late answers accepted until <LocalDateTime iso={homework.latePolicy.until.toISOString()} fallbackTimeZone={tz} />{' '}
            for {Math.round((1 - homework.latePolicy.penalty) * 100)}% of the points.
          </p>
        )}
      </div>
      <ol className="mt-8 space-y-6">
        {homework.questions.map((question) => (
          <li key={question.id}>
            <QuestionView question={question} />
          </li>
        ))}
      </ol>
    </div>
  )
}
