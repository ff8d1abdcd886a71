import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { ReviewFeedbackForm } from '@/components/project/review-feedback-form'
import { EmptyState } from '@/components/ui/empty-state'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { loadProjectContext } from '@/server/projects/context'
import { attemptPhase } from '@/server/projects/phases'
import { computeDueResults, getResultsForAuthor } from '@/server/projects/results'
import { getOwnSubmissions } from '@/server/projects/submission'

export const metadata: Metadata = { title: 'Project results' }

function points(value: number | null) {
  if (value === null) return '—'
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

export default async function ResultsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requireUser(`/courses/${slug}/project/results`)
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const context = await loadProjectContext(course).catch(() => null)
  if (!context) notFound()
  const now = new Date()
  // Results are computed by the worker's schedule; this makes sure they exist when the page is asked first.
  await computeDueResults(context, now)
  const submissions = (await getOwnSubmissions(context, user.id)).filter((row) => {
    const attempt = context.attempts.find((candidate) => candidate.id === row.attemptId)!
    return attemptPhase(attempt, now) === 'results'
  })
  const results = await Promise.all(submissions.map((row) => getResultsForAuthor(context, user.id, row.id, now)))
  const crumbs = [{ href: `/courses/${slug}`, label: course.config.title }, { href: `/courses/${slug}/project`, label: course.project.config.title }, { label: 'Results' }]
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <div>
        <Breadcrumbs items={crumbs} />
        <h1 className="page-title">Your project results</h1>
        <p className="mt-2 text-sm text-slate-700">
          Per criterion you get the median of your reviewers&apos; points, rounded up to a whole point; the total is their sum. Reviewers are numbered, never
          named.
        </p>
      </div>
      {results.length === 0 && <EmptyState title="No results yet">Results show here once the review window of an attempt you submitted to has closed.</EmptyState>}
      {results.map((result) => {
        const counted = result.reviews.filter((review) => !review.discarded)
        return (
          <section key={result.submissionId} aria-labelledby={`attempt-${result.attemptNumber}`} className="space-y-4">
            <h2 id={`attempt-${result.attemptNumber}`} className="text-xl font-semibold">
              Attempt {result.attemptNumber}
            </h2>
            <div className={`card py-4 ${result.score.passed ? 'border-emerald-300' : result.score.passed === false ? 'border-red-300' : 'border-amber-300'}`} data-testid="verdict">
              <p className="text-lg font-semibold">
                {result.score.passed === null ? 'Waiting for an instructor' : result.score.passed ? 'Passed' : 'Not passed'}
                {result.score.projectPoints !== null && (
                  <span data-testid="project-total">
                    {' '}
                    · {points(result.score.projectPoints)} / {result.score.maxPoints} points
                  </span>
                )}
              </p>
              <p className="text-sm text-slate-700">{result.score.reason}</p>
              <p className="mt-1 text-sm text-slate-600">
                Pass mark {result.score.passMark}. Reviews you completed: {result.score.reviewsDone} of {result.score.reviewsRequired} ({result.score.reviewPoints} review
                points). Learning in public: {result.score.learningInPublicPoints} point{result.score.learningInPublicPoints === 1 ? '' : 's'}.
              </p>
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="results-table">
                <thead>
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-2 pr-3 font-medium">Criterion</th>
                    {counted.map((review) => (
                      <th key={review.id} scope="col" className="py-2 pr-3 font-medium">
                        {review.label}
                      </th>
                    ))}
                    <th scope="col" className="py-2 pr-3 font-medium">Median</th>
                    <th scope="col" className="py-2 font-medium">Points</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rubric.map((criterion) => (
                    <tr key={criterion.id} className="border-b border-slate-100 align-top">
                      <th scope="row" className="py-2 pr-3 font-medium">
                        {criterion.title}
                        <span className="block text-xs font-normal text-slate-600">0–{criterion.maxPoints}</span>
                      </th>
                      {counted.map((review) => {
                        const answer = review.answers[criterion.id]
                        const chosen = (answer?.levels ?? []).map((index) => criterion.levels[index]).filter(Boolean)
                        return (
                          <td key={review.id} className="py-2 pr-3">
                            <span className="font-medium">{chosen.reduce((sum, level) => sum + level!.points, 0)}</span>
                            <span className="block text-xs text-slate-600">{chosen.map((level) => level!.description).join('; ')}</span>
                            {answer?.comment && <span className="mt-1 block whitespace-pre-wrap">“{answer.comment}”</span>}
                          </td>
                        )
                      })}
                      <td className="py-2 pr-3">{points(criterion.median)}</td>
                      <td className="py-2 font-semibold">{points(criterion.points)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row" className="py-2 pr-3 font-semibold">Total</th>
                    <td colSpan={counted.length + 1} />
                    <td className="py-2 font-semibold">{points(result.score.projectPoints)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <div className="space-y-3">
              <h3 className="font-semibold">Overall comments, and your feedback on each review</h3>
              {result.reviews.map((review) => (
                <div key={review.id} className="card space-y-2 py-4" data-testid={`review-${review.label}`}>
                  <p className="font-medium">
                    {review.label}
                    {review.discarded && <span className="ml-2 text-sm font-normal text-red-800">discarded by an instructor; it does not count</span>}
                  </p>
                  {!review.discarded && <p className="whitespace-pre-wrap text-sm">{review.overallComment}</p>}
                  {!review.discarded && (
                    <ReviewFeedbackForm
                      slug={slug}
                      reviewId={review.id}
                      label={review.label}
                      helpfulness={review.feedback?.helpfulness ?? null}
                      flag={review.feedback?.flag ?? null}
                      flagComment={review.feedback?.flagComment ?? null}
                    />
                  )}
                </div>
              ))}
            </div>
          </section>
        )
      })}
    </div>
  )
}
