import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { ProjectCard } from '@/components/project/project-card'
import { ReviewForm } from '@/components/project/review-form'
import { EmptyState } from '@/components/ui/empty-state'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { requireUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { AppError } from '@/server/errors'
import { loadProjectContext } from '@/server/projects/context'
import { openReview } from '@/server/projects/reviews'

export const metadata: Metadata = { title: 'Review a project' }

export default async function ReviewPage({ params }: { params: Promise<{ slug: string; assignment: string }> }) {
  const { slug, assignment } = await params
  const user = await requireUser(`/courses/${slug}/project/reviews/${assignment}`)
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const context = await loadProjectContext(course).catch(() => null)
  if (!context) notFound()
  const crumbs = [
    { href: `/courses/${slug}`, label: course.config.title },
    { href: `/courses/${slug}/project/reviews`, label: 'Your reviews' },
    { label: 'Review' },
  ]
  let opened
  try {
    opened = await openReview(context, user.id, assignment)
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound()
    if (error instanceof AppError && error.code === 'forbidden') {
      return (
        <div className="mx-auto max-w-3xl">
          <Breadcrumbs items={crumbs} />
          <EmptyState title="This review is closed">{error.message}</EmptyState>
        </div>
      )
    }
    throw error
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Breadcrumbs items={crumbs} />
        <h1 className="page-title">Review a project</h1>
        <p className="mt-2 text-sm text-slate-700">
          Due <LocalDateTime iso={opened.reviewDeadline.toISOString()} fallbackTimeZone={course.config.timezone} />. Judge the commit below against each
          criterion; the author sees your levels and comments, never your name.
        </p>
      </div>
      <ProjectCard project={opened.project} />
      <ReviewForm
        slug={slug}
        assignmentId={opened.assignmentId}
        rubric={context.project.rubric}
        initial={opened.draft}
        version={opened.version}
        submitted={Boolean(opened.submittedAt)}
        learningInPublicCap={context.project.learning_in_public_cap.review}
      />
    </div>
  )
}
