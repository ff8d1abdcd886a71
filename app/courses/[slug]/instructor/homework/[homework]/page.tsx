import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { requireCourseStaff } from '@/server/auth/session'
import { hardestQuestions } from '@/server/cohort/cohort-stats'
import { sqlMistakes } from '@/server/cohort/sql-mistakes'
import { findHomework, getCourse } from '@/server/courses/content'

export const metadata: Metadata = { title: 'Homework statistics (staff)' }

const percent = (value: number) => `${Math.round(value * 100)}%`
const cell = 'px-4 py-1.5 align-top'

// Staff only: per question difficulty and, for SQL questions, the wrong answers grouped by their mistake
// (sample answers are learners' own, so this page is never public).
export default async function StaffHomeworkPage({ params }: { params: Promise<{ slug: string; homework: string }> }) {
  const { slug, homework: homeworkSlug } = await params
  const { access } = await requireCourseStaff(slug, 'view:submissions', `/courses/${slug}/instructor/homework/${encodeURIComponent(homeworkSlug)}`)
  const course = await getCourse(slug)
  const found = course && findHomework(course, homeworkSlug)
  if (!course || !found) notFound()
  const [questions, mistakes] = await Promise.all([hardestQuestions(access.course.id, 100, homeworkSlug), sqlMistakes(access.course.id, homeworkSlug)])
  const title = found.homework.config.title
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { href: `/courses/${slug}/instructor`, label: 'Instructor' }, { label: title }]} />
        <h1 className="page-title">{title}: statistics for staff</h1>
        <p className="text-sm text-slate-700">
          The public page, with aggregates only, is <Link href={`/courses/${slug}/homework/${homeworkSlug}/statistics`}>here</Link>.
        </p>
      </div>

      <section aria-labelledby="questions" className="space-y-3">
        <h2 id="questions" className="text-lg font-semibold">Questions, hardest first</h2>
        {questions.length === 0 ? (
          <EmptyState title="No graded answers yet" />
        ) : (
          <DataTable caption="Per question: learners, solved, correct rate, attempts to first success" columns={[{ label: 'Question' }, { label: 'Kind' }, { label: 'Learners' }, { label: 'Solved' }, { label: 'Correct rate' }, { label: 'Attempts to first success' }]}>
            {questions.map((question) => (
              <tr key={question.question} className="border-t border-slate-100">
                <td className={`${cell} font-mono text-xs`}>{question.question}</td>
                <td className={cell}>{question.kind}</td>
                <td className={cell}>{question.learners}</td>
                <td className={cell}>{question.solved}</td>
                <td className={cell}>{percent(question.correctRate)}</td>
                <td className={cell}>{question.attemptsToFirstSuccess?.toFixed(1) ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="mistakes" className="space-y-4">
        <h2 id="mistakes" className="text-lg font-semibold">Common SQL mistakes</h2>
        <p className="text-sm text-slate-700">
          Wrong answers grouped by what their result did on the public data: the first check that failed and what the grader said differs.
          “Query shapes” counts the different queries (ignoring literal values and layout) that made the same mistake.
        </p>
        {mistakes.length === 0 ? (
          <EmptyState title="No wrong SQL answers yet" />
        ) : (
          mistakes.map((question) => (
            <div key={question.question} className="space-y-2" data-testid={`sql-mistakes-${question.question}`}>
              <h3 className="font-medium">
                {question.position}. <span className="font-mono text-sm">{question.question}</span>{' '}
                <span className="text-sm text-slate-600">· {question.wrongAnswers} wrong answers</span>
              </h3>
              <DataTable caption={`${question.question}: wrong answers grouped by mistake`} columns={[{ label: 'Learners' }, { label: 'Answers' }, { label: 'Failed check' }, { label: 'What differs (public data)' }, { label: 'Query shapes' }, { label: 'Sample answer' }]}>
                {question.mistakes.map((mistake) => (
                  <tr key={`${mistake.failedCheck}:${mistake.difference}`} className="border-t border-slate-100" data-testid="sql-mistake">
                    <td className={cell}>{mistake.learners}</td>
                    <td className={cell}>{mistake.answers}</td>
                    <td className={`${cell} font-mono text-xs`}>{mistake.failedCheck}</td>
                    <td className={cell}>{mistake.difference}</td>
                    <td className={cell}>{mistake.queryShapes}</td>
                    <td className={cell}>
                      <pre className="max-w-md overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{mistake.sample}</pre>
                    </td>
                  </tr>
                ))}
              </DataTable>
            </div>
          ))
        )}
      </section>
    </div>
  )
}
