import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { EnrollButton } from '@/components/course/enroll-button'
import { ProjectCard } from '@/components/project/project-card'
import { SubmissionForm } from '@/components/project/submission-form'
import { EmptyState } from '@/components/ui/empty-state'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { getEnrollment } from '@/server/learners/enrollment'
import { loadProjectContext } from '@/server/projects/context'
import { effectiveWindows, PHASE_LABEL } from '@/server/projects/phases'
import { getOwnSubmissions, reviewerView, submittableAttempt } from '@/server/projects/submission'

export const metadata: Metadata = { title: 'Submit your project' }

export default async function SubmitProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requireUser(`/courses/${slug}/project/submit`)
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const context = await loadProjectContext(course).catch(() => null)
  if (!context) notFound()
  const crumbs = [{ href: `/courses/${slug}`, label: course.config.title }, { href: `/courses/${slug}/project`, label: course.project.config.title }, { label: 'Submission' }]
  if (!(await getEnrollment(user.id, slug))) {
    return (
      <div className="mx-auto max-w-3xl">
        <Breadcrumbs items={crumbs} />
        <EmptyState title="Enrol to submit a project">
          <EnrollButton slug={slug} />
        </EmptyState>
      </div>
    )
  }
  const { attempt, phase, passedBefore } = await submittableAttempt(context, user.id, new Date())
  const submission = (await getOwnSubmissions(context, user.id)).find((row) => row.attemptId === attempt.id)
  const windows = effectiveWindows(attempt)
  const tz = course.config.timezone
  const editable = phase === 'submissions' && !passedBefore
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Breadcrumbs items={crumbs} />
        <h1 className="page-title">Your project · attempt {attempt.number}</h1>
        <p className="mt-2 text-sm text-slate-700">
          {PHASE_LABEL[phase]}.{' '}
          {phase === 'upcoming' && (
            <>Submissions open <LocalDateTime iso={windows.opensAt.toISOString()} fallbackTimeZone={tz} />.</>
          )}
          {phase === 'submissions' && (
            <>You can change your submission until <LocalDateTime iso={windows.submissionDeadline.toISOString()} fallbackTimeZone={tz} />.</>
          )}
          {phase !== 'upcoming' && phase !== 'submissions' && 'The submission window is closed; your submission can no longer change.'}
        </p>
      </div>
      {(editable || submission) && (
        <SubmissionForm
          slug={slug}
          readOnly={!editable}
          learningInPublicCap={context.project.learning_in_public_cap.project}
          values={{
            repoUrl: submission?.repoUrl ?? '',
            commitSha: submission?.commitSha ?? '',
            description: submission?.description ?? '',
            dashboardUrl: submission?.dashboardUrl ?? '',
            learningInPublicUrls: submission?.learningInPublicUrls ?? [],
            hoursSpent: submission?.hoursSpent ?? null,
            comments: submission?.comments ?? '',
          }}
        />
      )}
      {submission && (
        <div>
          <p className="mb-2 text-sm text-slate-700">Exactly what your reviewers will see (your name, hours and comments are not shown):</p>
          <ProjectCard project={reviewerView(submission)} heading="Preview: what reviewers see" />
        </div>
      )}
    </div>
  )
}
