import type { Metadata } from 'next'
import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { requireUser } from '@/server/auth/session'
import { listEnrollments } from '@/server/catalog'
import { taughtCourses } from '@/server/staff/course-staff'

export const metadata: Metadata = { title: 'Your account' }

export default async function MePage() {
  const user = await requireUser('/me')
  const [enrollments, teaching] = await Promise.all([listEnrollments(user.id), taughtCourses(user)])
  return (
    <div className="space-y-8">
      <div>
        <h1 className="page-title">Hello, {user.name ?? user.email}</h1>
        <dl className="mt-4 grid max-w-md grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-600">Email</dt>
          <dd data-testid="me-email">{user.email}</dd>
          <dt className="text-slate-600">Role</dt>
          <dd data-testid="me-role">{user.role}</dd>
        </dl>
      </div>
      {teaching.length > 0 && (
        <section aria-labelledby="teaching">
          <h2 id="teaching" className="mb-4 text-xl font-semibold">
            Courses you teach
          </h2>
          <ul className="space-y-3">
            {teaching.map(({ course, role }) => (
              <li key={course.slug} className="card flex flex-wrap items-baseline justify-between gap-2 py-4">
                <Link href={`/courses/${course.slug}/instructor`} className="font-medium">
                  {course.title}: cohort dashboard
                </Link>
                <span className="text-sm text-slate-600">{role}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="my-courses">
        <h2 id="my-courses" className="mb-4 text-xl font-semibold">
          Your courses
        </h2>
        {enrollments.length === 0 ? (
          <EmptyState title="You are not enrolled in a course yet">
            <Link href="/">Browse the courses</Link> and enroll to start the homework.
          </EmptyState>
        ) : (
          <ul className="space-y-3">
            {enrollments.map(({ course, createdAt }) => (
              <li key={course.slug} className="card py-4">
                <Link href={`/courses/${course.slug}`} className="font-medium">
                  {course.title}
                </Link>
                <p className="text-sm text-slate-600">Enrolled {formatDate(createdAt)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
