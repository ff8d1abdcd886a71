import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { Pagination } from '@/components/ui/pagination'
import { requireCourseStaff } from '@/server/auth/session'
import { roster, rosterQuery, type RosterCertificationState } from '@/server/cohort/roster'
import { getCourse } from '@/server/courses/content'
import { courseRoleCan } from '@/server/staff/course-permissions'

export const metadata: Metadata = { title: 'Roster' }

const CERTIFICATION_LABEL: Record<RosterCertificationState, string> = {
  certified: 'Certified',
  revoked: 'Revoked',
  eligible: 'Eligible',
  eligible_no_name: 'Eligible, no name',
  in_progress: 'In progress',
  not_evaluable: 'Not evaluable yet',
  no_certificate: '—',
}

const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1))

export default async function RosterPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params
  const { access } = await requireCourseStaff(slug, 'view:cohort', `/courses/${slug}/instructor/roster`)
  const course = await getCourse(slug)
  if (!course) notFound()
  const query = rosterQuery.parse(await searchParams)
  const result = await roster(access.course.id, course, query)
  const homeworks = course.weeks.flatMap((week) => (week.homework ? [{ id: week.homework.slug, title: week.homework.config.title }] : []))
  const href = (page: number) =>
    `/courses/${slug}/instructor/roster?${new URLSearchParams(
      Object.entries({ ...query, page: String(page) }).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
    )}`
  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { href: `/courses/${slug}/instructor`, label: 'Instructor' }, { label: 'Roster' }]} />
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h1 className="page-title">Roster</h1>
          {courseRoleCan(access.role, 'export:cohort') && (
            <nav aria-label="CSV exports" className="flex flex-wrap gap-4 text-sm">
              <a href={`/courses/${slug}/instructor/export/roster`}>Roster CSV</a>
              <a href={`/courses/${slug}/instructor/export/scores`}>Scores CSV</a>
              <a href={`/courses/${slug}/instructor/export/submissions`}>Submissions CSV</a>
            </nav>
          )}
        </div>
      </div>
      <form role="search" className="card flex flex-wrap items-end gap-4 py-4">
        <div>
          <label htmlFor="roster-q" className="field-label">Email or name</label>
          <input id="roster-q" name="q" type="search" defaultValue={query.q} maxLength={200} className="field-input" />
        </div>
        <div>
          <label htmlFor="roster-certification" className="field-label">Certificate</label>
          <select id="roster-certification" name="certification" defaultValue={query.certification} className="field-input">
            <option value="all">Everyone</option>
            <option value="certified">Certified</option>
            <option value="revoked">Revoked</option>
            <option value="not_certified">Not certified</option>
          </select>
        </div>
        <div>
          <label htmlFor="roster-homework" className="field-label">Homework</label>
          <select id="roster-homework" name="homework" defaultValue={query.homework ?? ''} className="field-input">
            <option value="">Any</option>
            {homeworks.map((homework) => (
              <option key={homework.id} value={homework.id}>{homework.title}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="roster-submitted" className="field-label">…which they</label>
          <select id="roster-submitted" name="submitted" defaultValue={query.submitted} className="field-input">
            <option value="yes">submitted</option>
            <option value="no">did not submit</option>
          </select>
        </div>
        <div>
          <label htmlFor="roster-verdict" className="field-label">…with an answer graded</label>
          <select id="roster-verdict" name="verdict" defaultValue={query.verdict} className="field-input">
            <option value="any">any verdict</option>
            <option value="correct">correct</option>
            <option value="wrong">wrong (incorrect or partial)</option>
          </select>
        </div>
        <button type="submit" className="btn-primary">Filter</button>
        <Link href={`/courses/${slug}/instructor/roster`} className="text-sm">Reset</Link>
      </form>
      {result.total === 0 ? (
        <EmptyState title="No learner matches these filters" />
      ) : (
        <DataTable
          caption={`${result.total} learner${result.total === 1 ? '' : 's'}`}
          columns={[{ label: 'Learner' }, { label: 'Email' }, { label: 'Enrolled' }, { label: `Homework (of ${result.maxHomeworkPoints})` }, { label: 'Points' }, { label: 'Submissions' }, { label: 'Certificate' }]}
        >
          {result.rows.map((row) => (
            <tr key={row.userId} className="border-t border-slate-100">
              <td className="px-4 py-2">
                <Link href={`/courses/${slug}/instructor/learners/${row.userId}`}>{row.name ?? row.email}</Link>
              </td>
              <td className="px-4 py-2">{row.email}</td>
              <td className="px-4 py-2">{formatDate(row.enrolledAt)}</td>
              <td className="px-4 py-2">{points(row.homeworkPoints)}</td>
              <td className="px-4 py-2">{points(row.points)}</td>
              <td className="px-4 py-2">{row.submissions}</td>
              <td className="px-4 py-2" data-testid="roster-certification">{CERTIFICATION_LABEL[row.certification]}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="text-sm text-slate-600">{result.total} learner{result.total === 1 ? '' : 's'}</p>
      <Pagination page={result.page} pageCount={result.pageCount} href={href} />
    </div>
  )
}
