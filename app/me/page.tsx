import type { Metadata } from 'next'
import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { requireUser } from '@/server/auth/session'
import { listEnrollments } from '@/server/catalog'

export const metadata: Metadata = { title: 'Your account' }

export default async function MePage() {
  const user = await requireUser('/me')
  const enrollments = await listEnrollments(user.id)
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
