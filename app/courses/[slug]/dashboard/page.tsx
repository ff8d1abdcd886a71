import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { EnrollButton } from '@/components/course/enroll-button'
import { EmptyState } from '@/components/ui/empty-state'
import { DataTable } from '@/components/ui/data-table'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { formatDayMonth, formatPoints } from '@/components/ui/format'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { learnerDashboard, type HomeworkState } from '@/server/learners/dashboard'
import { CertificateCard } from '@/components/course/certificate-card'
import { linkedInAddToProfileUrl } from '@/server/certificates/artifacts'
import { learnerCertification } from '@/server/certificates/certificates'
import { getEnrollment } from '@/server/learners/enrollment'
import { loadProjectContext } from '@/server/projects/context'
import { projectOverview } from '@/server/projects/overview'
import { visiblePoints } from '@/server/scores/withheld-scores'

export const metadata: Metadata = { title: 'Your progress' }

const STATE_LABEL: Record<HomeworkState, { text: string; className: string }> = {
  // The text is "Opens 11 Jan", with the date (see the table below).
  upcoming: { text: 'Opens', className: 'bg-sky-100 text-sky-900' },
  open: { text: 'Open', className: 'bg-emerald-100 text-emerald-900' },
  late: { text: 'Late window', className: 'bg-amber-100 text-amber-900' },
  closed: { text: 'Closed', className: 'bg-slate-200 text-slate-800' },
}


export default async function DashboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requireUser(`/courses/${slug}/dashboard`)
  const course = await getCourse(slug)
  if (!course) notFound()
  const enrollment = await getEnrollment(user.id, slug)
  const crumbs = [{ href: `/courses/${slug}`, label: course.config.title }, { label: 'Your progress' }]
  if (!enrollment) {
    return (
      <div className="mx-auto max-w-3xl">
        <Breadcrumbs items={crumbs} />
        <EmptyState title="You are not enrolled in this course yet">
          <p className="mb-4">Enrol to submit homework, see your progress and join the leaderboard.</p>
          <EnrollButton slug={slug} />
        </EmptyState>
      </div>
    )
  }
  const [dashboard, certification] = await Promise.all([learnerDashboard(user.id, course), learnerCertification(user.id, course)])
  const projectContext = course.project ? await loadProjectContext(course).catch(() => null) : null
  const project = projectContext ? (await projectOverview(projectContext, user.id)).learner : null
  const tz = course.config.timezone
  const shown = visiblePoints(enrollment, dashboard.withheldPoints)
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={crumbs} />
        <h1 className="page-title">Your progress</h1>
        <dl className="mt-4 grid max-w-2xl grid-cols-2 gap-4 sm:grid-cols-3">
          <div className="card py-4">
            <dt className="text-sm text-slate-600">Course points</dt>
            <dd className="text-2xl font-semibold" data-testid="course-points">
              {formatPoints(shown.points)}
            </dd>
            {/* How the number adds up, so it never sits unexplained beside the homework score. */}
            <dd className="mt-1 text-xs text-slate-600" data-testid="points-breakdown">
              homework {formatPoints(shown.homeworkPoints)} + learning in public {formatPoints(shown.learningInPublicPoints)} + project and
              reviews {formatPoints(shown.projectPoints)}
            </dd>
          </div>
          <div className="card py-4">
            <dt className="text-sm text-slate-600">Homework</dt>
            <dd className="text-2xl font-semibold">
              {formatPoints(dashboard.homeworkPoints)} <span className="text-base text-slate-600">/ {dashboard.maxHomeworkPoints}</span>
            </dd>
          </div>
          <div className="card py-4">
            <dt className="text-sm text-slate-600">Leaderboard</dt>
            <dd className="text-base">
              <Link href={`/courses/${slug}/leaderboard`}>See your rank →</Link>
            </dd>
          </div>
        </dl>
      </div>

      {project && course.project && (
        <section aria-labelledby="project" className="card space-y-1 py-4" data-testid="dashboard-project">
          <h2 id="project" className="font-semibold">
            <Link className="underline" href={`/courses/${slug}/project`}>{course.project.config.title}</Link> · attempt {project.attemptNumber}: {project.phaseLabel}
          </h2>
          {project.nextDeadline && (
            <p className="text-sm text-slate-700">
              {project.nextDeadline.label} <LocalDateTime iso={project.nextDeadline.at.toISOString()} fallbackTimeZone={course.config.timezone} />
            </p>
          )}
          <p className="text-sm text-slate-700">
            {project.submission ? 'Submitted.' : 'Not submitted.'}
            {project.reviewsAssigned > 0 && ` Reviews: ${project.reviewsDone} of ${project.reviewsAssigned} done.`}
            {project.resultsFor.map((result) => ` Attempt ${result.attemptNumber}: ${result.passed === null ? 'with an instructor' : result.passed ? 'passed' : 'not passed'}.`).join('')}
          </p>
        </section>
      )}
      {certification && (
        <CertificateCard
          slug={slug}
          status={certification}
          linkedInUrl={
            certification.certificate && !certification.certificate.revokedAt
              ? linkedInAddToProfileUrl({ ...certification.certificate, course: { title: course.config.title } })
              : null
          }
        />
      )}

      <section aria-labelledby="deadlines">
        <h2 id="deadlines" className="mb-3 text-xl font-semibold">
          Next deadlines
        </h2>
        {dashboard.nextDeadlines.length === 0 ? (
          <p className="text-sm text-slate-600">No open homework. Well done — or the course is over.</p>
        ) : (
          <ul className="space-y-2">
            {dashboard.nextDeadlines.map((homework) => (
              <li key={homework.slug} className="card flex flex-wrap items-baseline justify-between gap-2 py-3">
                <Link href={`/courses/${slug}/homework/${homework.slug}`}>{homework.title}</Link>
                <span className="text-sm text-slate-700">
                  due <LocalDateTime iso={homework.deadline.toISOString()} fallbackTimeZone={tz} /> · {homework.answered}/{homework.questions} answered
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="weeks">
        <h2 id="weeks" className="mb-3 text-xl font-semibold">
          Weeks
        </h2>
        {/* On a phone the week and answered columns give way, so Score and Status stay on screen. */}
        <DataTable
          columns={[
            { label: 'Week', className: 'hidden sm:table-cell' },
            { label: 'Homework' },
            { label: 'Answered', className: 'hidden sm:table-cell' },
            { label: 'Score' },
            { label: 'Status' },
          ]}
        >
              {dashboard.weeks.map((week) => (
                <tr key={week.slug} className="border-t border-slate-100">
                  <td className="hidden px-4 py-2 sm:table-cell">
                    <Link href={`/courses/${slug}/weeks/${week.slug}`}>
                      {week.number}. {week.title}
                    </Link>
                  </td>
                  {week.homework ? (
                    <>
                      <td className="px-2 py-2 sm:px-4">
                        <Link href={`/courses/${slug}/homework/${week.homework.slug}`}>{week.homework.title}</Link>
                      </td>
                      <td className="hidden px-4 py-2 sm:table-cell">
                        <progress
                          className="mr-2 h-2 w-20 align-middle"
                          max={week.homework.questions}
                          value={week.homework.answered}
                          aria-label={`${week.homework.answered} of ${week.homework.questions} questions answered`}
                        />
                        {week.homework.answered}/{week.homework.questions}
                      </td>
                      <td className="whitespace-nowrap px-2 py-2 sm:px-4" data-testid={`score-${week.homework.slug}`}>
                        {week.homework.points === null ? 'after the deadline' : `${formatPoints(week.homework.points)} / ${week.homework.maxPoints}`}
                      </td>
                      <td className="px-2 py-2 sm:px-4">
                        <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_LABEL[week.homework.state].className}`}>
                          {STATE_LABEL[week.homework.state].text}
                          {week.homework.state === 'upcoming' && ` ${formatDayMonth(week.homework.opensAt, tz)}`}
                        </span>
                      </td>
                    </>
                  ) : (
                    <td className="px-2 py-2 text-slate-600 sm:px-4" colSpan={4}>
                      {week.number}. {week.title}: no homework this week
                    </td>
                  )}
                </tr>
              ))}
        </DataTable>
      </section>
    </div>
  )
}
