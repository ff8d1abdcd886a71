import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'

interface StaffMember {
  role: string
  user: { id: string; email: string; name: string | null }
}

/** The cohort dashboard's "Course staff": who teaches the course, or how to add someone when nobody does yet. */
export function CourseStaffList({ slug, staff }: { slug: string; staff: StaffMember[] }) {
  if (staff.length === 0) {
    // Only admins reach a course without staff, and only admins can add staff: the hint is for them.
    return (
      <EmptyState title="No course staff yet">
        <p>
          Admins open every instructor page. To add an instructor or assistant, open their account from{' '}
          <Link href="/admin">Admin</Link> and use <em>Course staff</em>, or run{' '}
          <code>npm run syllabus -- staff add --course {slug} --email &lt;email&gt; [--role assistant]</code>.
        </p>
      </EmptyState>
    )
  }
  return (
    <ul className="list-disc pl-6 text-sm">
      {staff.map((member) => (
        <li key={member.user.id}>
          {member.user.name ?? member.user.email} ({member.role})
        </li>
      ))}
    </ul>
  )
}
