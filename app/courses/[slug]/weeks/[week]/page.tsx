import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { formatDate } from '@/components/ui/format'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { HomeworkOpens } from '@/components/course/homework-opens'
import { findWeek, getCourse, listCourseSlugs } from '@/server/courses/content'

type Params = Promise<{ slug: string; week: string }>

// Prerendered at build time: `npm start` rebuilds when course content changes (cli/lib/build-hash.ts).
export async function generateStaticParams() {
  const params: { slug: string; week: string }[] = []
  for (const slug of await listCourseSlugs()) {
    const course = await getCourse(slug).catch(() => null)
    for (const week of course?.weeks ?? []) params.push({ slug, week: week.slug })
  }
  return params
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, week } = await params
  const course = await getCourse(slug)
  const found = course && findWeek(course, week)
  return { title: found ? `Week ${found.number}: ${found.config.title}` : 'Week not found' }
}

export default async function WeekPage({ params }: { params: Params }) {
  const { slug, week: weekSlug } = await params
  const course = await getCourse(slug)
  const week = course && findWeek(course, weekSlug)
  if (!course || !week) notFound()
  const tz = course.config.timezone
  return (
    <div className="max-w-3xl space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.config.title }, { label: `Week ${week.number}` }]} />
        <p className="text-sm font-medium text-brand-700">
          Week {week.number} · from {formatDate(week.startsAt, tz)}
        </p>
        <h1 className="page-title mt-1">{week.config.title}</h1>
        {week.config.summary && <p className="mt-3 text-slate-700">{week.config.summary}</p>}
      </div>

      <section aria-labelledby="lessons">
        <h2 id="lessons" className="mb-3 text-xl font-semibold">
          Lessons
        </h2>
        <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
          {week.lessons.map((lesson) => (
            <li key={lesson.slug} className="flex items-baseline justify-between gap-4 px-5 py-3">
              <Link href={`/courses/${slug}/weeks/${week.slug}/${lesson.slug}`}>
                {lesson.number}. {lesson.frontMatter.title}
              </Link>
              <span className="shrink-0 text-xs text-slate-600">{lesson.frontMatter.duration} min</span>
            </li>
          ))}
        </ol>
      </section>

      {week.homework && (
        <section aria-labelledby="homework" className="card">
          <h2 id="homework" className="text-xl font-semibold">
            Homework
          </h2>
          <p className="mt-1">
            <Link href={`/courses/${slug}/homework/${week.homework.slug}`}>{week.homework.config.title}</Link>
          </p>
          <p className="mt-2 text-sm text-slate-700">
            <HomeworkOpens opensIso={week.homework.opensAt.toISOString()} timeZone={tz} />
            {week.homework.questions.length} questions · {week.homework.totalPoints} points · due{' '}
            <LocalDateTime iso={week.homework.deadline.toISOString()} fallbackTimeZone={tz} /> (your time)
          </p>
          {week.homework.latePolicy && (
            <p className="mt-1 text-xs text-slate-600">
              Late answers accepted until{' '}
              <LocalDateTime iso={week.homework.latePolicy.until.toISOString()} fallbackTimeZone={tz} /> for{' '}
              {Math.round((1 - week.homework.latePolicy.penalty) * 100)}% of the points.
            </p>
          )}
        </section>
      )}
    </div>
  )
}
