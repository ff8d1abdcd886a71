import type { Metadata } from 'next'
import { forbidden, notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { ActionButton } from '@/components/project/action-button'
import { DiscardReviewForm, OverrideScoreForm } from '@/components/project/instructor-forms'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { criterionMaxPoints } from '@/course/schema'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { isCourseInstructor } from '@/server/projects/course-instructor'
import { assignReviewersAction, keepReviewAction, moveAttemptPhaseAction, replaceReviewerAction } from '@/server/projects/actions'
import { loadProjectContext } from '@/server/projects/context'
import { instructorSubmissions, moderationQueue } from '@/server/projects/moderation'
import { attemptPhase, effectiveWindows, PHASE_LABEL } from '@/server/projects/phases'

export const metadata: Metadata = { title: 'Project moderation' }

function who(user: { name: string | null; email: string }) {
  return user.name ? `${user.name} <${user.email}>` : user.email
}

export default async function ModerationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requireUser(`/courses/${slug}/project/moderation`)
  if (!(await isCourseInstructor(user, slug))) forbidden()
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const context = await loadProjectContext(course).catch(() => null)
  if (!context) notFound()
  const now = new Date()
  const [queue, submissions] = await Promise.all([moderationQueue(context), instructorSubmissions(context)])
  const maxPoints = context.project.rubric.reduce((sum, criterion) => sum + criterionMaxPoints(criterion), 0)
  const tz = course.config.timezone
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.config.title }, { href: `/courses/${slug}/project`, label: course.project.config.title }, { label: 'Moderation' }]} />
        <h1 className="page-title">Project moderation</h1>
      </div>

      <section aria-labelledby="phases" className="space-y-3">
        <h2 id="phases" className="text-xl font-semibold">
          Phases
        </h2>
        {context.attempts.map((attempt) => {
          const phase = attemptPhase(attempt, now)
          const windows = effectiveWindows(attempt)
          return (
            <div key={attempt.id} className="card space-y-2 py-4" data-testid={`attempt-${attempt.number}`}>
              <p className="font-medium">
                Attempt {attempt.number}: <span data-testid="phase">{PHASE_LABEL[phase]}</span>
              </p>
              <p className="text-sm text-slate-700">
                Opens <LocalDateTime iso={windows.opensAt.toISOString()} fallbackTimeZone={tz} /> · submissions until{' '}
                <LocalDateTime iso={windows.submissionDeadline.toISOString()} fallbackTimeZone={tz} /> · reviews until{' '}
                <LocalDateTime iso={windows.reviewDeadline.toISOString()} fallbackTimeZone={tz} />
                {attempt.assignedAt && ` · reviewers assigned (seed ${attempt.assignmentSeed})`}
              </p>
              <div className="flex flex-wrap gap-2">
                {phase === 'upcoming' && <ActionButton run={moveAttemptPhaseAction.bind(null, slug, attempt.id, 'open-submissions')} label="Open submissions now" />}
                {phase === 'submissions' && (
                  <ActionButton run={moveAttemptPhaseAction.bind(null, slug, attempt.id, 'close-submissions')} label="Close submissions and assign reviewers now" confirm="Close submissions now? Nobody can change their submission afterwards." />
                )}
                {phase === 'assigning' && <ActionButton run={assignReviewersAction.bind(null, slug, attempt.id)} label="Assign reviewers" variant="primary" />}
                {(phase === 'reviewing' || phase === 'assigning') && (
                  <ActionButton run={moveAttemptPhaseAction.bind(null, slug, attempt.id, 'close-reviews')} label="Close reviews and publish results now" confirm="Close reviews now? Nobody can change a review afterwards." />
                )}
              </div>
            </div>
          )
        })}
      </section>

      <section aria-labelledby="queue" className="space-y-3">
        <h2 id="queue" className="text-xl font-semibold">
          Queue
        </h2>
        {queue.needsInstructor.length + queue.flagged.length + queue.outliers.length === 0 && <p className="text-sm text-slate-600">Nothing waiting.</p>}
        {queue.flagged.map((item) => (
          <div key={item.id} className="card space-y-2 py-4" data-testid="flagged-review">
            <p className="font-medium">
              Flagged as {item.flag}: review by {who(item.review.assignment.reviewer)} of {who(item.review.assignment.submission.user)}&apos;s project
            </p>
            <p className="text-sm">Author says: “{item.flagComment}”{item.helpfulness ? ` · helpfulness ${item.helpfulness}/5` : ''}</p>
            <p className="text-sm text-slate-600">Agreement with the other reviews: {item.review.agreement === null ? 'n/a' : `${Math.round(item.review.agreement * 100)}%`}</p>
            <div className="flex flex-wrap items-end gap-3">
              <DiscardReviewForm slug={slug} reviewId={item.reviewId} label="this review" />
              <ActionButton run={keepReviewAction.bind(null, slug, item.reviewId)} label="Keep the review" />
            </div>
          </div>
        ))}
        {queue.outliers
          .filter((review) => !queue.flagged.some((item) => item.reviewId === review.id))
          .map((review) => (
            <div key={review.id} className="card space-y-2 py-4" data-testid="outlier-review">
              <p className="font-medium">
                Far from the consensus ({review.agreement === null ? 'n/a' : `${Math.round(review.agreement * 100)}%`} agreement): review by {who(review.assignment.reviewer)} of{' '}
                {who(review.assignment.submission.user)}&apos;s project
              </p>
              <DiscardReviewForm slug={slug} reviewId={review.id} label="this review" />
            </div>
          ))}
        {queue.needsInstructor.map((score) => (
          <div key={score.id} className="card space-y-2 py-4" data-testid="needs-instructor">
            <p className="font-medium">
              Needs a grade: {who(score.submission.user)} · attempt {score.submission.attempt.number} · <a href={score.submission.repoUrl}>{score.submission.repoUrl}</a> @{' '}
              <span className="font-mono">{score.submission.commitSha.slice(0, 10)}</span>
            </p>
            <p className="text-sm text-slate-700">{score.reason}</p>
            <OverrideScoreForm slug={slug} submissionId={score.submissionId} label={who(score.submission.user)} maxPoints={maxPoints} />
          </div>
        ))}
      </section>

      <section aria-labelledby="all" className="space-y-3">
        <h2 id="all" className="text-xl font-semibold">
          All submissions ({submissions.length})
        </h2>
        {submissions.map((submission) => (
          <details key={submission.id} className="card py-3" data-testid="submission-row">
            <summary className="cursor-pointer">
              {who(submission.user)} · attempt {submission.attempt.number} ·{' '}
              {submission.score ? `${submission.score.status}${submission.score.projectPoints !== null ? `, ${submission.score.projectPoints} points` : ''}${submission.score.passed === null ? '' : submission.score.passed ? ', passed' : ', not passed'}` : 'no score yet'}
            </summary>
            <div className="mt-3 space-y-3 text-sm">
              <p>
                <a href={submission.repoUrl}>{submission.repoUrl}</a> @ <span className="font-mono">{submission.commitSha}</span>
                {submission.hoursSpent !== null && ` · ${submission.hoursSpent} h`}
                {submission.comments && ` · comments: ${submission.comments}`}
              </p>
              <ul className="space-y-1">
                {submission.assignments.map((assignment) => (
                  <li key={assignment.id} className="flex flex-wrap items-center gap-2">
                    <span>
                      {who(assignment.reviewer)} ({assignment.kind}
                      {assignment.replacedAt ? ', replaced' : ''}):{' '}
                      {assignment.review?.discardedAt
                        ? `discarded — ${assignment.review.discardReason}`
                        : assignment.review?.submittedAt
                          ? `submitted${assignment.review.agreement !== null ? `, ${Math.round(assignment.review.agreement * 100)}% agreement` : ''}${assignment.review.isOutlier ? ', outlier' : ''}`
                          : assignment.startedAt
                            ? 'started'
                            : 'not started'}
                    </span>
                    {!assignment.replacedAt && !assignment.review?.submittedAt && attemptPhaseIsReviewing(context, submission.attemptId, now) && (
                      <ActionButton run={replaceReviewerAction.bind(null, slug, assignment.id)} label="Replace reviewer" />
                    )}
                  </li>
                ))}
              </ul>
              {submission.score && <p>{submission.score.reason}</p>}
              {submission.overrides.length > 0 && (
                <div>
                  <p className="font-medium">Audit trail</p>
                  <ul className="list-disc pl-5">
                    {submission.overrides.map((override) => (
                      <li key={override.id}>
                        {override.createdAt.toISOString()} · {who(override.instructor)} set {override.projectPoints} points, {override.passed ? 'passed' : 'not passed'}: {override.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {submission.score && <OverrideScoreForm slug={slug} submissionId={submission.id} label={who(submission.user)} maxPoints={maxPoints} />}
            </div>
          </details>
        ))}
      </section>
    </div>
  )
}

function attemptPhaseIsReviewing(context: Awaited<ReturnType<typeof loadProjectContext>>, attemptId: string, now: Date) {
  const attempt = context.attempts.find((candidate) => candidate.id === attemptId)
  return attempt ? attemptPhase(attempt, now) === 'reviewing' : false
}
