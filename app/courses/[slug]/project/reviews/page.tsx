import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { ActionButton } from '@/components/project/action-button'
import { EmptyState } from '@/components/ui/empty-state'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { getEnrollment } from '@/server/learners/enrollment'
import { volunteerForReviewAction } from '@/server/projects/actions'
import { loadProjectContext } from '@/server/projects/context'
import { attemptPhase } from '@/server/projects/phases'
import { listMyReviews } from '@/server/projects/reviews'

export const metadata: Metadata = { title: 'Your reviews' }

function percent(value: number) {
  return `${Math.round(value * 100)}%`
}

export default async function ReviewsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requireUser(`/courses/${slug}/project/reviews`)
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const context = await loadProjectContext(course).catch(() => null)
  if (!context || !(await getEnrollment(user.id, slug))) notFound()
  const now = new Date()
  const reviews = await listMyReviews(context, user.id, now)
  const reviewingAttempt = context.attempts.find((attempt) => attemptPhase(attempt, now) === 'reviewing')
  const tz = course.config.timezone
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.config.title }, { href: `/courses/${slug}/project`, label: course.project.config.title }, { label: 'Your reviews' }]} />
        <h1 className="page-title">Your reviews</h1>
        <p className="mt-2 text-sm text-slate-700">
          Review each project against the rubric: a level and a comment per criterion, and an overall comment. Each completed assigned review earns{' '}
          {context.project.points_per_review} points. Who wrote a review is never shown to the author or other reviewers.
        </p>
      </div>
      {reviews.length === 0 ? (
        <EmptyState title="No projects to review yet">Reviewers are assigned when the submission window closes.</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="review-list">
          {reviews.map((review) => (
            <li key={review.assignmentId} className="card flex flex-wrap items-baseline justify-between gap-2 py-3">
              <span>
                {review.canOpen ? <Link href={`/courses/${slug}/project/reviews/${review.assignmentId}`}>{review.label}</Link> : review.label}
                <span className="text-sm text-slate-600">
                  {' '}
                  · attempt {review.attemptNumber}
                  {review.kind === 'volunteer' ? ' · volunteer' : ''}
                </span>
              </span>
              <span className="text-sm text-slate-700">
                {review.discarded ? (
                  <span className="text-red-800">Discarded by an instructor: {review.discarded}</span>
                ) : review.agreement !== null ? (
                  <span data-testid="agreement">
                    Agreement with the other reviews: {percent(review.agreement)}
                    {review.isOutlier ? ' — far from the others; see the comparison below' : ''}
                  </span>
                ) : review.submittedAt ? (
                  'Submitted'
                ) : review.phase === 'reviewing' ? (
                  <>
                    Due <LocalDateTime iso={review.reviewDeadline.toISOString()} fallbackTimeZone={tz} />
                  </>
                ) : (
                  'Not submitted'
                )}
              </span>
              {review.comparison && (
                <details className="w-full text-sm" data-testid="review-comparison" open={review.isOutlier}>
                  <summary className="cursor-pointer text-slate-700">How your grading compared with the other reviewers&apos;</summary>
                  <table className="mt-2 w-full text-left">
                    <caption className="sr-only">Your points and the other reviewers&apos; median, per criterion, for {review.label}</caption>
                    <thead>
                      <tr className="border-b border-slate-200">
                        <th scope="col" className="py-1 pr-3 font-medium">Criterion</th>
                        <th scope="col" className="py-1 pr-3 text-right font-medium">You</th>
                        <th scope="col" className="py-1 text-right font-medium">Others (median)</th>
                      </tr>
                    </thead>
                    <tbody>
                      {review.comparison.map((entry) => (
                        <tr key={entry.criterionId} className="border-b border-slate-100">
                          <th scope="row" className="py-1 pr-3 font-normal">{entry.title}</th>
                          <td className="py-1 pr-3 text-right">
                            {entry.yours} / {entry.maxPoints}
                          </td>
                          <td className="py-1 text-right">{entry.others === null ? '—' : `${Number.isInteger(entry.others) ? entry.others : entry.others.toFixed(1)} / ${entry.maxPoints}`}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      {reviewingAttempt && (
        <section className="card space-y-2" aria-labelledby="volunteer">
          <h2 id="volunteer" className="font-semibold">
            Review one more project
          </h2>
          <p className="text-sm text-slate-700">
            Volunteer reviews are welcome from every enrolled learner, whether you submitted or not. They count toward the project&apos;s score but earn no
            review points.
          </p>
          <ActionButton run={volunteerForReviewAction.bind(null, slug, reviewingAttempt.id)} label="Review another project" />
        </section>
      )}
    </div>
  )
}
