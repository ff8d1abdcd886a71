import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { Markdown } from '@/components/course/markdown'
import { LocalDateTime } from '@/components/ui/local-date-time'
import { getCourse } from '@/server/courses/content'

// Rendered on each request from the course reader, so an edited or synced course shows without a rebuild.
export const dynamic = 'force-dynamic'

export const metadata: Metadata = { title: 'Final project' }

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const course = await getCourse(slug)
  if (!course?.project) notFound()
  const { project } = course
  const tz = course.config.timezone
  return (
    <article className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.config.title }, { label: project.config.title }]} />
      <h1 className="page-title">{project.config.title}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-600">Submit by</dt>
        <dd>
          <LocalDateTime iso={project.submissionDeadline.toISOString()} fallbackTimeZone={tz} />
        </dd>
        <dt className="text-slate-600">Reviews due</dt>
        <dd>
          <LocalDateTime iso={project.reviewDeadline.toISOString()} fallbackTimeZone={tz} />
        </dd>
      </dl>
      <div className="mt-8">
        <Markdown>{project.markdown}</Markdown>
      </div>
      <section aria-labelledby="rubric" className="mt-10">
        <h2 id="rubric" className="mb-3 text-xl font-semibold">
          Review rubric
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 font-medium">Criterion</th>
              <th scope="col" className="py-2 text-right font-medium">Points</th>
            </tr>
          </thead>
          <tbody>
            {project.config.rubric.map((criterion) => (
              <tr key={criterion.id} className="border-b border-slate-100">
                <td className="py-2">{criterion.title}</td>
                <td className="py-2 text-right">0–{criterion.max_points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  )
}
