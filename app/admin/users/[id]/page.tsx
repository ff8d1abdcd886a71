import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { AddCourseStaffForm, RemoveCourseStaffButton } from '@/components/admin/course-staff-forms'
import { PlatformRoleForm } from '@/components/admin/platform-role-form'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { DataTable } from '@/components/ui/data-table'
import { formatDate } from '@/components/ui/format'
import { listActiveCourses } from '@/server/admin/courses'
import { accountForAdmin } from '@/server/admin/users'
import { requireUserWithPermission } from '@/server/auth/session'
import { NotFoundError } from '@/server/errors'

export const metadata: Metadata = { title: 'Account' }

export default async function AdminAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  await requireUserWithPermission('manage:users', `/admin/users/${id}`)
  const account = await accountForAdmin(id).catch((error) => {
    if (error instanceof NotFoundError) notFound()
    throw error
  })
  const courses = await listActiveCourses()
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: '/admin', label: 'Admin' }, { label: account.email }]} />
        <h1 className="page-title">{account.name || account.email}</h1>
        <p className="text-sm text-slate-700">
          {account.email} · joined {formatDate(account.createdAt)} · {account._count.enrollments} enrolment
          {account._count.enrollments === 1 ? '' : 's'} · {account._count.submissions} submission{account._count.submissions === 1 ? '' : 's'}
        </p>
      </div>
      <section aria-labelledby="role" className="space-y-3">
        <h2 id="role" className="text-xl font-semibold">Platform role</h2>
        <PlatformRoleForm userId={account.id} role={account.role} />
      </section>
      <section aria-labelledby="staff" className="space-y-3">
        <h2 id="staff" className="text-xl font-semibold">Course staff</h2>
        <p className="text-sm text-slate-700">Instructor pages of a course open to its staff (and to admins), whatever the platform role.</p>
        {account.courseStaff.length > 0 && (
          <DataTable caption="Courses this account teaches" columns={[{ label: 'Course' }, { label: 'Role' }, { label: '' }]}>
            {account.courseStaff.map((staff) => (
              <tr key={staff.course.slug} className="border-t border-slate-100">
                <td className="px-4 py-2">{staff.course.title}</td>
                <td className="px-4 py-2">{staff.role}</td>
                <td className="px-4 py-2 text-right">
                  <RemoveCourseStaffButton email={account.email} courseSlug={staff.course.slug} courseTitle={staff.course.title} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <AddCourseStaffForm email={account.email} courses={courses} />
      </section>
    </div>
  )
}
