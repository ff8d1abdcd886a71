import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { DistributionChart } from '@/components/instructor/cohort-charts'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDateTime } from '@/components/ui/format'
import { homeworkStatistics, MIN_LEARNERS, type Quartiles } from '@/server/cohort/public-statistics'
import { findHomework, getCourse } from '@/server/courses/content'
import { homeworkState } from '@/server/learners/dashboard'
import { courseNow } from '@/server/clock'

export const metadata: Metadata = { title: 'Homework statistics' }

const hours = (value: number) => `${value.toFixed(1)} h`

function HoursRow({ label, quartiles }: { label: string; quartiles: Quartiles | null }) {
  return (
    <tr className="border-t border-slate-100">
      <td className="px-4 py-2">{label}</td>
      {quartiles ? (
        <>
          <td className="px-4 py-2">{hours(quartiles.q1)}</td>
          <td className="px-4 py-2">{hours(quartiles.median)}</td>
          <td className="px-4 py-2">{hours(quartiles.q3)}</td>
          <td className="px-4 py-2">{quartiles.learners}</td>
        </>
      ) : (
        <td className="px-4 py-2 text-slate-600" colSpan={4}>Fewer than {MIN_LEARNERS} learners said</td>
      )}
    </tr>
  )
}

// Public: aggregates only, after the homework closed (late window included).
export default async function HomeworkStatisticsPage({ params }: { params: Promise<{ slug: string; homework: string }> }) {
  await connection()
  const { slug, homework: homeworkId } = await params
  const course = await getCourse(slug)
  const found = course && findHomework(course, homeworkId)
  if (!course || !found) notFound()
  const { homework } = found
  const crumbs = [{ href: `/courses/${slug}`, label: course.config.title }, { href: `/courses/${slug}/homework/${homework.slug}`, label: homework.config.title }, { label: 'Statistics' }]
  const closed = homeworkState(homework, courseNow()) === 'closed'
  const stats = closed ? await homeworkStatistics(slug, homework.slug) : null
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={crumbs} />
        <h1 className="page-title">{homework.config.title}: statistics</h1>
      </div>
      {!closed ? (
        <EmptyState title="Statistics appear once the homework is closed and scored">
          Submissions close {formatDateTime(homework.latePolicy?.until ?? homework.deadline, course.config.timezone)}.
        </EmptyState>
      ) : !stats ? (
        <EmptyState title={`Fewer than ${MIN_LEARNERS} learners submitted`}>Statistics are shown only for larger groups.</EmptyState>
      ) : (
        <>
          <dl className="grid max-w-xl grid-cols-2 gap-4">
            <div className="card py-4">
              <dt className="text-sm text-slate-600">Learners who submitted</dt>
              <dd className="text-2xl font-semibold" data-testid="stats-learners">{stats.learners}</dd>
            </div>
            <div className="card py-4">
              <dt className="text-sm text-slate-600">Median score</dt>
              <dd className="text-2xl font-semibold">{stats.medianScore?.toFixed(1)} <span className="text-base text-slate-600">/ {stats.maxPoints}</span></dd>
            </div>
          </dl>
          <section aria-labelledby="distribution" className="card space-y-3">
            <h2 id="distribution" className="text-lg font-semibold">Score distribution</h2>
            <DistributionChart title={homework.config.title} buckets={stats.buckets} />
            <DataTable caption="Learners per score range" columns={[{ label: 'Score' }, { label: 'Learners' }]}>
              {stats.buckets.map((learners, index) => (
                <tr key={index} className="border-t border-slate-100"><td className="px-4 py-1.5">{index * 10}–{index === 9 ? 100 : index * 10 + 10}%</td><td className="px-4 py-1.5">{learners}</td></tr>
              ))}
            </DataTable>
          </section>
          <section aria-labelledby="time" className="space-y-3">
            <h2 id="time" className="text-lg font-semibold">Time spent (as learners reported it)</h2>
            <DataTable caption="Hours spent: quartiles" columns={[{ label: '' }, { label: '25%' }, { label: 'Median' }, { label: '75%' }, { label: 'Learners' }]}>
              <HoursRow label="Homework" quartiles={stats.homeworkHours} />
              <HoursRow label="Lectures" quartiles={stats.lecturesHours} />
            </DataTable>
          </section>
          <section aria-labelledby="difficulty" className="space-y-3">
            <h2 id="difficulty" className="text-lg font-semibold">Question difficulty</h2>
            <DataTable caption="Share of learners who answered each question correctly" columns={[{ label: 'Question' }, { label: 'Learners' }, { label: 'Answered correctly' }]}>
              {stats.questions.map((question) => (
                <tr key={question.slug} className="border-t border-slate-100">
                  <td className="px-4 py-1.5">{question.position}. {question.slug}</td>
                  <td className="px-4 py-1.5">{question.learners}</td>
                  <td className="px-4 py-1.5">{Math.round(question.correctRate * 100)}%</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  )
}
