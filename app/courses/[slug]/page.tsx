import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { formatDate } from '@/components/ui/format'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { getCourse, listCourseSlugs } from '@/server/courses/content'
import { CourseCountdown } from '@/components/course/course-countdown'
import { EnrollButton } from '@/components/course/enroll-button'
import { HomeworkOpens } from '@/components/course/homework-opens'

// Prerendered at build time: `npm start` rebuilds when course content changes (cli/lib/build-hash.ts).
export async function generateStaticParams() {
  return (await listCourseSlugs()).map((slug) => ({ slug }))
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const course = await getCourse((await params).slug)
  return { title: course?.config.title ?? 'Course not found' }
}

export default async function CoursePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const course = await getCourse(slug)
  if (!course) notFound()
  const tz = course.config.timezone
  return (
    <div className="space-y-10">
      <header className="max-w-3xl">
        <p className="text-sm font-medium text-brand-700">
          Starts {formatDate(course.startsAt, tz)}
          <CourseCountdown startsIso={course.startsAt.toISOString()} />
        </p>
        <h1 className="page-title mt-1">{course.config.title}</h1>
        <p className="mt-3 text-lg text-slate-700">{course.config.summary}</p>
        <div className="mt-6 flex flex-wrap items-center gap-4">
          <EnrollButton slug={slug} />
          <Link href={`/courses/${slug}/leaderboard`} className="text-sm">
            Leaderboard
          </Link>
        </div>
      </header>

      <section aria-labelledby="syllabus">
        <h2 id="syllabus" className="mb-4 text-xl font-semibold">
          Syllabus
        </h2>
        <ol className="grid gap-4 md:grid-cols-2">
          {course.weeks.map((week) => (
            <li key={week.slug} className="card flex flex-col">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Week {week.number} · from {formatDate(week.startsAt, tz)}
              </p>
              <h3 className="mt-1 text-lg font-semibold">
                <Link href={`/courses/${slug}/weeks/${week.slug}`}>{week.config.title}</Link>
              </h3>
              {week.config.summary && <p className="mt-2 flex-1 text-sm text-slate-700">{week.config.summary}</p>}
              <p className="mt-4 text-xs text-slate-600">
                {week.lessons.length} {week.lessons.length === 1 ? 'lesson' : 'lessons'}
                {week.homework && (
                  <>
                    {' · '}
                    <HomeworkOpens opensIso={week.homework.opensAt.toISOString()} timeZone={tz} />
                    homework due <LocalDateTime iso={week.homework.deadline.toISOString()} fallbackTimeZone={tz} />
                  </>
                )}
              </p>
            </li>
          ))}
          {course.project && (
            <li className="card flex flex-col border-brand-100 bg-brand-50">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Final project · from {formatDate(course.project.startsAt, tz)}
              </p>
              <h3 className="mt-1 text-lg font-semibold">
                <Link href={`/courses/${slug}/project`}>{course.project.config.title}</Link>
              </h3>
              <p className="mt-2 flex-1 text-sm text-slate-700">
                Build an end-to-end pipeline, then review {course.project.config.reviews_per_learner} of your peers’ projects.
              </p>
              <p className="mt-4 text-xs text-slate-600">
                Submit by <LocalDateTime iso={course.project.attempts[0]!.submissionDeadline.toISOString()} fallbackTimeZone={tz} />
              </p>
            </li>
          )}
        </ol>
      </section>
    </div>
  )
}
