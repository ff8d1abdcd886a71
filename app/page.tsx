import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { catalogSnapshot } from '@/server/catalog'
import { formatDate } from '@/components/ui/format'

export const dynamic = 'force-dynamic'

export default async function HomePage() {
  const courses = await catalogSnapshot()
  return (
    <div className="space-y-10">
      <section className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Learn data engineering by doing it.</h1>
        <p className="mt-3 text-lg text-slate-700">
          Weekly modules, homework graded in seconds against real datasets, and a peer-reviewed final project.
        </p>
      </section>
      <section aria-labelledby="catalog">
        <h2 id="catalog" className="mb-4 text-xl font-semibold">
          Courses
        </h2>
        {courses.length === 0 ? (
          <EmptyState title="No courses yet">
            Add a course folder under <code>courses/</code> and run <code>npm run syllabus -- course sync</code>.
          </EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {courses.map((course) => (
              <li key={course.slug} className="card flex flex-col">
                <h3 className="text-lg font-semibold">
                  <Link href={`/courses/${course.slug}`}>{course.title}</Link>
                </h3>
                <p className="mt-2 line-clamp-4 flex-1 text-sm text-slate-700">{course.summary}</p>
                <p className="mt-4 text-xs text-slate-600">
                  Starts {formatDate(course.startsAt, course.timezone)} · {course.weeks} weeks · {course.learners}{' '}
                  {course.learners === 1 ? 'learner' : 'learners'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
