import Link from 'next/link'
import { notFound } from 'next/navigation'
import { EmptyState } from '@/components/ui/empty-state'
import { listCatalog } from '@/server/catalog'
import { HOME_SNAPSHOT } from '@/server/http/home-page'
import { formatDate } from '@/components/ui/format'

// The home page (`/`, rewritten here by next.config.ts): the same for everyone, so it is served from the
// ISR cache and re-rendered at most every 5 s (enrolment counts may lag that much). Nothing is rendered
// at build time — the catalog is in the database, which a build does not need — hence the segment.
export const revalidate = 5
export const dynamicParams = true
export function generateStaticParams() {
  return []
}

type Props = { params: Promise<{ snapshot: string }> }

export default async function HomePage({ params }: Props) {
  if ((await params).snapshot !== HOME_SNAPSHOT) notFound()
  const courses = await listCatalog()
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
