import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { ExtensionForm, OverrideForm, RegradeSubmissionButton } from '@/components/instructor/learner-forms'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate, formatDateTime } from '@/components/ui/format'
import { requireCourseStaff } from '@/server/auth/session'
import { learnerRecord, type LearnerRecord } from '@/server/cohort/learner-record'
import { getCourse } from '@/server/courses/content'
import { courseRoleCan } from '@/server/staff/course-permissions'

export const metadata: Metadata = { title: 'Learner' }

const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2))

function CertificationSummary({ certification }: { certification: LearnerRecord['certification'] }) {
  if (!certification) return <span>—</span>
  if (certification.certificate) {
    const { certificate } = certification
    return (
      <span>
        {certificate.revokedAt ? 'Revoked' : 'Certified'} ({formatDate(certificate.issuedAt)}) ·{' '}
        <Link href={`/verify/${certificate.verificationCode}`}>verification page</Link>
      </span>
    )
  }
  if (!certification.eligibility) return <span>This course issues no certificates</span>
  const left = certification.eligibility.requirements.flatMap((requirement) => (requirement.left ? [requirement.left] : []))
  return (
    <span>
      {certification.eligibility.state === 'eligible' ? (certification.name === null ? 'Eligible, no name' : 'Eligible') : certification.eligibility.state === 'in_progress' ? 'In progress' : 'Not evaluable yet'}
      {left.length > 0 && ` — left: ${left.join('; ')}`}
    </span>
  )
}

export default async function LearnerPage({ params }: { params: Promise<{ slug: string; userId: string }> }) {
  const { slug, userId } = await params
  const { access } = await requireCourseStaff(slug, 'view:submissions', `/courses/${slug}/instructor/learners/${encodeURIComponent(userId)}`)
  const course = await getCourse(slug)
  if (!course) notFound()
  // Someone not enrolled in this course (any other id) is not found: the page says nothing about them.
  const record = await learnerRecord(access.course.id, course, userId)
  if (!record) notFound()
  const canManage = courseRoleCan(access.role, 'manage:learners')
  const canRegrade = courseRoleCan(access.role, 'regrade:submissions')
  const tz = course.config.timezone
  const { learner } = record
  const displayName = learner.name ?? learner.email
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs
          items={[
            { href: `/courses/${slug}`, label: access.course.title },
            { href: `/courses/${slug}/instructor`, label: 'Instructor' },
            { href: `/courses/${slug}/instructor/roster`, label: 'Roster' },
            { label: displayName },
          ]}
        />
        <h1 className="page-title">{displayName}</h1>
        <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">Email</dt>
          <dd>{learner.email}</dd>
          <dt className="text-slate-600">Enrolled</dt>
          <dd>{formatDate(learner.enrolledAt, tz)}</dd>
          <dt className="text-slate-600">Points</dt>
          <dd data-testid="learner-points">
            {points(record.points.total)} (homework {points(record.points.homework)}, learning in public {points(record.points.learningInPublic)})
          </dd>
          <dt className="text-slate-600">Certificate</dt>
          <dd>
            <CertificationSummary certification={record.certification} />
          </dd>
          {learner.certificateName && (
            <>
              <dt className="text-slate-600">Name on certificate</dt>
              <dd>{learner.certificateName}</dd>
            </>
          )}
        </dl>
      </div>

      {record.homeworks.map((homework) => (
        <section key={homework.slug} aria-labelledby={`hw-${homework.slug}`} className="card space-y-4" data-testid={`learner-homework-${homework.slug}`}>
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id={`hw-${homework.slug}`} className="text-lg font-semibold">
              Week {homework.week}: {homework.title}
            </h2>
            <p className="text-sm" data-testid="homework-score">
              {points(homework.points)} / {points(homework.maxPoints)} points
            </p>
          </div>
          <p className="text-sm text-slate-700">
            Deadline {formatDateTime(homework.deadline, tz)}
            {homework.extension ? (
              <strong data-testid="extension">
                {' '}· extended until {formatDateTime(homework.extension.until, tz)} ({homework.extension.reason}
                {homework.extension.grantedBy ? `, by ${homework.extension.grantedBy}` : ''})
              </strong>
            ) : null}{' '}
            · submissions close for this learner {formatDateTime(homework.closesAt, tz)}
          </p>
          {canManage && <ExtensionForm slug={slug} userId={learner.id} homeworkSlug={homework.slug} homeworkTitle={homework.title} hasExtension={homework.extension !== null} />}
          {homework.extras && (
            <details>
              <summary className="cursor-pointer text-sm">Homework extras</summary>
              <ul className="mt-2 list-disc pl-6 text-sm">
                {homework.extras.solutionUrl && <li>Solution: <a href={homework.extras.solutionUrl} rel="noreferrer nofollow">{homework.extras.solutionUrl}</a></li>}
                {homework.extras.learningInPublicUrls.map((url) => (
                  <li key={url}>Learning in public: <a href={url} rel="noreferrer nofollow">{url}</a></li>
                ))}
                {homework.extras.homeworkHours !== null && <li>Homework: {homework.extras.homeworkHours} h</li>}
                {homework.extras.lecturesHours !== null && <li>Lectures: {homework.extras.lecturesHours} h</li>}
                {homework.extras.faqUrl && <li>FAQ entry: <a href={homework.extras.faqUrl} rel="noreferrer nofollow">{homework.extras.faqUrl}</a></li>}
              </ul>
            </details>
          )}
          <ol className="space-y-4">
            {homework.questions.map((question) => (
              <li key={question.slug} className="space-y-2 border-t border-slate-100 pt-3" data-testid={`learner-question-${question.slug}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-3">
                  <h3 className="font-medium">
                    {question.number}. <span className="font-mono text-sm">{question.slug}</span> <span className="text-sm text-slate-600">({question.kind})</span>
                  </h3>
                  <p className="text-sm" data-testid="question-score">
                    {points(question.points)} / {points(question.maxPoints)}
                    {question.override && <span className="ml-2 rounded bg-amber-100 px-1.5 text-amber-900">overridden: {question.override.reason}</span>}
                  </p>
                </div>
                {canManage && <OverrideForm slug={slug} userId={learner.id} homeworkSlug={homework.slug} questionSlug={question.slug} maxPoints={question.maxPoints} overridden={question.override !== null} />}
                {question.attempts.length === 0 ? (
                  <p className="text-sm text-slate-600">No attempts.</p>
                ) : (
                  <ul className="space-y-2">
                    {question.attempts.map((attempt) => (
                      <li key={attempt.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="learner-attempt">
                        <div className="flex flex-wrap items-center gap-3">
                          <span className="font-medium">Submission {attempt.attempt}</span>
                          <span className="text-slate-600">{formatDateTime(attempt.submittedAt, tz)}</span>
                          {attempt.isLate && <span className="text-amber-800">late (−{Math.round(attempt.latePenalty * 100)}%)</span>}
                          <span>{attempt.verdict ?? attempt.status}</span>
                          {attempt.points !== null && <span>{points(attempt.points)} points</span>}
                          {attempt.regraded && <span className="text-slate-600">(regraded)</span>}
                          {canRegrade && <RegradeSubmissionButton slug={slug} userId={learner.id} submissionId={attempt.id} attempt={attempt.attempt} />}
                        </div>
                        <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs" aria-label={`Answer of submission ${attempt.attempt}`}>{attempt.answer}</pre>
                        {attempt.checks.length > 0 && (
                          <ul className="mt-2 space-y-1" aria-label={`Feedback of submission ${attempt.attempt}`}>
                            {attempt.checks.map((check, index) => (
                              <li key={index} className={check.passed ? 'text-emerald-800' : 'text-red-800'}>
                                {check.passed ? '✓' : '✗'} <span className="font-mono text-xs">{check.name}</span>: <span className="whitespace-pre-wrap">{check.message}</span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}

      {record.project.length > 0 && (
        <section aria-labelledby="project" className="card space-y-3">
          <h2 id="project" className="text-lg font-semibold">Final project</h2>
          <DataTable caption="Project submissions" columns={[{ label: 'Attempt' }, { label: 'Repository' }, { label: 'Result' }, { label: 'Reviews done' }, { label: 'Reviews received' }]}>
            {record.project.map((submission) => (
              <tr key={submission.attempt.number} className="border-t border-slate-100">
                <td className="px-4 py-2">{submission.attempt.number}</td>
                <td className="px-4 py-2">
                  <a href={submission.repoUrl} rel="noreferrer nofollow">{submission.repoUrl}</a> <span className="font-mono text-xs">{submission.commitSha.slice(0, 7)}</span>
                </td>
                <td className="px-4 py-2">{submission.score ? `${submission.score.passed === null ? 'pending' : submission.score.passed ? 'passed' : 'failed'} — ${submission.score.reason}` : 'not scored yet'}</td>
                <td className="px-4 py-2">{submission.score ? `${submission.score.reviewsDone} / ${submission.score.reviewsRequired}` : '—'}</td>
                <td className="px-4 py-2">{submission.score?.reviewsReceived ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}

      <section aria-labelledby="audit" className="space-y-3">
        <h2 id="audit" className="text-lg font-semibold">Score overrides (audit trail)</h2>
        {record.overrides.length === 0 ? (
          <EmptyState title="No score was overridden" />
        ) : (
          <DataTable caption="Every score override, newest first" columns={[{ label: 'When' }, { label: 'Who' }, { label: 'Question' }, { label: 'Old → new' }, { label: 'Reason' }]}>
            {record.overrides.map((override) => (
              <tr key={override.id} className="border-t border-slate-100" data-testid="override-row">
                <td className="px-4 py-2">{formatDateTime(override.createdAt, tz)}</td>
                <td className="px-4 py-2">{override.instructor.name ?? override.instructor.email}</td>
                <td className="px-4 py-2 font-mono text-xs">{override.question.homework.slug}/{override.question.slug}</td>
                <td className="px-4 py-2">{points(override.previousPoints)} → {override.points === null ? 'graded points (override lifted)' : points(override.points)}</td>
                <td className="px-4 py-2">{override.reason}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  )
}
