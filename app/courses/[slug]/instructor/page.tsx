import type { Metadata } from 'next'
import { RegradeForm } from '@/components/admin/regrade-form'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { regradeTargets } from '@/server/admin/grading'
import { requireCourseStaff } from '@/server/auth/session'
import { listCourseStaff } from '@/server/staff/course-staff'

export const metadata: Metadata = { title: 'Instructor' }

export default async function InstructorPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { access } = await requireCourseStaff(slug)
  const [staff, targets] = await Promise.all([listCourseStaff(slug), regradeTargets(slug)])
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { label: 'Instructor' }]} />
        <h1 className="page-title">{access.course.title}: instructor</h1>
        <p className="text-sm text-slate-700">Your role here: {access.role}.</p>
      </div>
      <section aria-labelledby="regrade" className="space-y-3">
        <h2 id="regrade" className="text-xl font-semibold">Regrade</h2>
        <RegradeForm courses={targets} />
      </section>
      <section aria-labelledby="staff" className="space-y-3">
        <h2 id="staff" className="text-xl font-semibold">Course staff</h2>
        <ul className="list-disc pl-6 text-sm">
          {staff.map((member) => (
            <li key={member.user.id}>
              {member.user.name ?? member.user.email} ({member.role})
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
