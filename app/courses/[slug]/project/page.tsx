import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { Markdown } from '@/components/course/markdown'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { criterionMaxPoints, minReviewsForScore } from '@/course/schema'
import { getUser } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { getEnrollment } from '@/server/learners/enrollment'
import { isCourseInstructor } from '@/server/projects/course-instructor'
import { loadProjectContext } from '@/server/projects/context'
import { projectOverview } from '@/server/projects/overview'

// Rendered on each request from the course reader, so an edited or synced course shows without a rebuild.
export const dynamic = 'force-dynamic'

export const metadata: Metadata = { title: 'Final project' }

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const { project } = course
  const tz = course.config.timezone
  const user = await getUser()
  const isInstructor = await isCourseInstructor(user, slug)
  const context = await loadProjectContext(course).catch(() => null)
  if (!context) notFound()
  const enrolled = user ? Boolean(await getEnrollment(user.id, slug)) : false
  const overview = await projectOverview(context, enrolled ? user!.id : null)
  const learner = overview.learner
  const config = project.config
  const base = `/courses/${slug}/project`
  return (
    <article className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.config.title }, { label: config.title }]} />
      <h1 className="page-title">{config.title}</h1>

      {learner && (
        <section aria-labelledby="your-project" className="card mt-6 space-y-3" data-testid="project-status">
          <h2 id="your-project" className="font-semibold">
            Your project · attempt {learner.attemptNumber}: <span data-testid="project-phase">{learner.phaseLabel}</span>
          </h2>
          {learner.nextDeadline && (
            <p className="text-sm">
              {learner.nextDeadline.label} <LocalDateTime iso={learner.nextDeadline.at.toISOString()} fallbackTimeZone={tz} />
            </p>
          )}
          {learner.passedBefore && <p className="text-sm">You passed the project. Well done.</p>}
          <ul className="flex flex-wrap gap-3 text-sm">
            {learner.phase === 'submissions' && !learner.passedBefore && (
              <li>
                <Link className="btn-primary" href={`${base}/submit`}>
                  {learner.submission ? 'Edit your submission' : 'Submit your project'}
                </Link>
              </li>
            )}
            {learner.phase !== 'submissions' && learner.submission && (
              <li>
                <Link className="btn-secondary" href={`${base}/submit`}>
                  Your submission
                </Link>
              </li>
            )}
            {(learner.phase === 'reviewing' || learner.phase === 'results' || learner.reviewsAssigned > 0) && (
              <li>
                <Link className="btn-secondary" href={`${base}/reviews`}>
                  Reviews to do ({learner.reviewsDone}/{learner.reviewsAssigned} done)
                </Link>
              </li>
            )}
            {learner.resultsFor.length > 0 && (
              <li>
                <Link className="btn-secondary" href={`${base}/results`}>
                  Your results
                </Link>
              </li>
            )}
          </ul>
        </section>
      )}
      {isInstructor && (
        <p className="mt-4 text-sm">
          <Link href={`${base}/moderation`}>Instructor: phases, assignment and moderation →</Link>
        </p>
      )}

      <section aria-labelledby="timeline" className="mt-6">
        <h2 id="timeline" className="mb-2 text-xl font-semibold">
          Timeline
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 font-medium">Attempt</th>
              <th scope="col" className="py-2 font-medium">Opens</th>
              <th scope="col" className="py-2 font-medium">Submit by</th>
              <th scope="col" className="py-2 font-medium">Reviews due</th>
              <th scope="col" className="py-2 font-medium">Now</th>
            </tr>
          </thead>
          <tbody>
            {overview.attempts.map((attempt) => (
              <tr key={attempt.id} className="border-b border-slate-100">
                <td className="py-2">{attempt.number === 1 ? '1' : `${attempt.number} (retake)`}</td>
                <td className="py-2"><LocalDateTime iso={attempt.opensAt.toISOString()} fallbackTimeZone={tz} /></td>
                <td className="py-2"><LocalDateTime iso={attempt.submissionDeadline.toISOString()} fallbackTimeZone={tz} /></td>
                <td className="py-2"><LocalDateTime iso={attempt.reviewDeadline.toISOString()} fallbackTimeZone={tz} /></td>
                <td className="py-2">{attempt.phaseLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-sm text-slate-600">
          Each project is reviewed by {config.reviews_per_learner} peers, and you review {config.reviews_per_learner} projects ({config.points_per_review} points
          each). You pass with {config.pass_mark} points or more and all your reviews done; a project needs at least {minReviewsForScore(config)} reviews for a
          score.
        </p>
      </section>

      <div className="mt-8">
        <Markdown>{project.markdown}</Markdown>
      </div>
      <section aria-labelledby="rubric" className="mt-10">
        <h2 id="rubric" className="mb-3 text-xl font-semibold">
          Review rubric
        </h2>
        <div className="space-y-4">
          {config.rubric.map((criterion) => (
            <div key={criterion.id} className="border-b border-slate-100 pb-3">
              <h3 className="font-medium">
                {criterion.title} <span className="text-sm font-normal text-slate-600">· 0–{criterionMaxPoints(criterion)} points{criterion.kind === 'checkbox' ? ', every level that applies adds up' : ''}</span>
              </h3>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {criterion.levels.map((level, index) => (
                  <li key={index}>
                    <span className="font-medium">{level.points}</span> — {level.description}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </article>
  )
}
