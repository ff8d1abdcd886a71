import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { RegradeForm } from '@/components/admin/regrade-form'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { DistributionChart, FunnelChart, WeeklyChart } from '@/components/instructor/cohort-charts'
import { CourseStaffList } from '@/components/instructor/course-staff-list'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { regradeTargets } from '@/server/admin/grading'
import { requireCourseStaff } from '@/server/auth/session'
import { cohortDashboard } from '@/server/cohort/cohort-stats'
import { getCourse } from '@/server/courses/content'
import { courseRoleCan } from '@/server/staff/course-permissions'
import { listCourseStaff } from '@/server/staff/course-staff'

export const metadata: Metadata = { title: 'Cohort dashboard' }

const percent = (value: number) => `${Math.round(value * 100)}%`
const cell = 'px-4 py-1.5'

export default async function InstructorDashboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { access } = await requireCourseStaff(slug)
  const course = await getCourse(slug)
  if (!course) notFound()
  const [stats, staff, targets] = await Promise.all([cohortDashboard(access.course.id, course), listCourseStaff(slug), regradeTargets(slug)])
  const weekly = stats.enrolments.map((row) => ({ week: row.week, enrolments: row.count, total: row.total }))
  return (
    <div className="space-y-10">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { label: 'Instructor' }]} />
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h1 className="page-title">Cohort dashboard</h1>
          <nav aria-label="Instructor pages" className="flex flex-wrap gap-4 text-sm">
            <Link href={`/courses/${slug}/instructor/roster`}>Roster →</Link>
            {courseRoleCan(access.role, 'manage:certificates') && <Link href={`/courses/${slug}/instructor/certificates`}>Certificates →</Link>}
            {courseRoleCan(access.role, 'moderate:learning-in-public') && <Link href={`/courses/${slug}/instructor/learning-in-public`}>Learning in public →</Link>}
          </nav>
        </div>
        <p className="text-sm text-slate-700">{access.course.title} · your role: {access.role}</p>
      </div>

      <section aria-labelledby="enrolments" className="grid gap-6 lg:grid-cols-2">
        <div className="card space-y-3">
          <h2 id="enrolments" className="text-lg font-semibold">Enrolments over time</h2>
          {weekly.length === 0 ? (
            <EmptyState title="Nobody has enrolled yet" />
          ) : (
            <>
              <WeeklyChart data={weekly} label="Enrolments: running total per week (numbers in the table below)" series={[{ key: 'total', name: 'Enrolled (total)', kind: 'line' }, { key: 'enrolments', name: 'New this week', kind: 'line' }]} />
              <DataTable caption="Enrolments per week" columns={[{ label: 'Week of' }, { label: 'New' }, { label: 'Total' }]}>
                {stats.enrolments.map((row) => (
                  <tr key={row.week} className="border-t border-slate-100"><td className={cell}>{row.week}</td><td className={cell}>{row.count}</td><td className={cell}>{row.total}</td></tr>
                ))}
              </DataTable>
            </>
          )}
        </div>
        <div className="card space-y-3">
          <h2 className="text-lg font-semibold">Learners active per week</h2>
          {stats.active.length === 0 ? (
            <EmptyState title="No submissions yet" />
          ) : (
            <>
              <WeeklyChart data={stats.active.map((row) => ({ week: row.week, learners: row.count }))} label="Learners who submitted an answer, per week (numbers in the table below)" series={[{ key: 'learners', name: 'Active learners', kind: 'bar' }]} />
              <DataTable caption="Active learners per week" columns={[{ label: 'Week of' }, { label: 'Learners who submitted' }]}>
                {stats.active.map((row) => (
                  <tr key={row.week} className="border-t border-slate-100"><td className={cell}>{row.week}</td><td className={cell}>{row.count}</td></tr>
                ))}
              </DataTable>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="funnel" className="card space-y-3">
        <h2 id="funnel" className="text-lg font-semibold">Completion funnel</h2>
        <FunnelChart steps={stats.funnel} />
        <DataTable caption="Learners at each step" columns={[{ label: 'Step' }, { label: 'Learners' }, { label: 'Of enrolled' }]}>
          {stats.funnel.map((step) => (
            <tr key={step.step} className="border-t border-slate-100">
              <td className={cell}>{step.step}</td>
              <td className={cell}>{step.learners ?? <span className="text-slate-600">{step.note}</span>}</td>
              <td className={cell}>{step.learners !== null && stats.funnel[0]!.learners ? percent(step.learners / stats.funnel[0]!.learners) : ''}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section aria-labelledby="scores" className="space-y-3">
        <h2 id="scores" className="text-lg font-semibold">Score distribution per homework</h2>
        <p className="text-sm text-slate-700">Open a homework for its questions and the common SQL mistakes.</p>
        <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
          {stats.distributions.map((distribution) => (
            <figure key={distribution.homework} className="card space-y-2">
              <figcaption className="font-medium">
                <Link href={`/courses/${slug}/instructor/homework/${distribution.homework}`}>{distribution.title}</Link> <span className="text-sm text-slate-600">· {distribution.learners} scored{distribution.median !== null ? ` · median ${distribution.median.toFixed(1)} points` : ''}</span>
              </figcaption>
              {distribution.learners > 0 && <DistributionChart title={distribution.title} buckets={distribution.buckets} />}
              <details>
                <summary className="cursor-pointer text-sm">Numbers</summary>
                <DataTable caption={`${distribution.title}: learners per score range`} columns={[{ label: 'Score' }, { label: 'Learners' }]}>
                  {distribution.buckets.map((learners, index) => (
                    <tr key={index} className="border-t border-slate-100"><td className={cell}>{index * 10}–{index === 9 ? 100 : index * 10 + 10}%</td><td className={cell}>{learners}</td></tr>
                  ))}
                </DataTable>
              </details>
            </figure>
          ))}
        </div>
      </section>

      <section aria-labelledby="hardest" className="space-y-3">
        <h2 id="hardest" className="text-lg font-semibold">Hardest questions</h2>
        {stats.hardest.length === 0 ? (
          <EmptyState title="No graded answers yet" />
        ) : (
          <DataTable caption="Questions with the lowest share of learners who answered correctly" columns={[{ label: 'Question' }, { label: 'Kind' }, { label: 'Learners' }, { label: 'Solved' }, { label: 'Correct rate' }, { label: 'Attempts to first success' }]}>
            {stats.hardest.map((row) => (
              <tr key={`${row.homework}/${row.question}`} className="border-t border-slate-100">
                <td className={`${cell} font-mono text-xs`}>
                  <Link href={`/courses/${slug}/instructor/homework/${row.homework}`}>{row.homework}</Link>/{row.question}
                </td>
                <td className={cell}>{row.kind}</td>
                <td className={cell}>{row.learners}</td>
                <td className={cell}>{row.solved}</td>
                <td className={cell}>{percent(row.correctRate)}</td>
                <td className={cell}>{row.attemptsToFirstSuccess?.toFixed(1) ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      {courseRoleCan(access.role, 'regrade:submissions') && (
        <section aria-labelledby="regrade" className="space-y-3">
          <h2 id="regrade" className="text-lg font-semibold">Regrade</h2>
          <RegradeForm courses={targets} />
        </section>
      )}
      <section aria-labelledby="staff" className="space-y-3">
        <h2 id="staff" className="text-lg font-semibold">Course staff</h2>
        <CourseStaffList slug={slug} staff={staff} />
      </section>
    </div>
  )
}
