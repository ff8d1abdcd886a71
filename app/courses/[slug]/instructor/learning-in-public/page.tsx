import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { StrikeLinkForm } from '@/components/instructor/strike-link-form'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { Pagination } from '@/components/ui/pagination'
import { pageParam } from '@/server/admin/users'
import { requireCourseStaff } from '@/server/auth/session'
import { getCourse } from '@/server/courses/content'
import { listLearningInPublicLinks } from '@/server/learners/learning-in-public-review'

export const metadata: Metadata = { title: 'Learning in public' }

// Course staff review the links that earn learning-in-public points and strike those that are not posts.
export default async function LearningInPublicReviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string }> }) {
  const { slug } = await params
  const { access } = await requireCourseStaff(slug, 'moderate:learning-in-public', `/courses/${slug}/instructor/learning-in-public`)
  const course = await getCourse(slug)
  if (!course) notFound()
  const page = pageParam.parse((await searchParams).page)
  const links = await listLearningInPublicLinks(access.course.id, { page })
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { href: `/courses/${slug}/instructor`, label: 'Instructor' }, { label: 'Learning in public' }]} />
        <h1 className="page-title">Learning in public</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Each link earns its learner a point (up to the course’s cap per homework). Open the links; strike one that is not a
          post about the course, or not the learner’s. A struck link earns nothing, and the learner sees it struck with your reason.
        </p>
      </div>
      {links.total === 0 ? (
        <EmptyState title="No learning-in-public links yet" />
      ) : (
        <ul className="space-y-4">
          {links.rows.map((row) => {
            const struck = new Map(row.strikes.map((strike) => [strike.url, strike.reason]))
            return (
              <li key={row.id} className="card space-y-2" data-testid="lip-entry">
                <p className="text-sm text-slate-700">
                  <span className="font-medium">{row.user.name ?? row.user.email}</span> · {row.user.email} · {row.homework.slug} · saved{' '}
                  {formatDate(row.updatedAt, course.config.timezone)}
                </p>
                <ul className="space-y-2">
                  {row.learningInPublicUrls.map((url, index) => (
                    <li key={url} className="flex flex-col gap-1 border-t border-slate-100 pt-2 sm:flex-row sm:items-center sm:justify-between">
                      <a href={url} rel="noopener noreferrer nofollow" target="_blank" className={`break-all text-sm ${struck.has(url) ? 'line-through' : ''}`}>
                        {url}
                      </a>
                      {struck.has(url) ? (
                        <span className="text-sm text-red-800">Struck: {struck.get(url)}</span>
                      ) : (
                        <StrikeLinkForm slug={slug} extrasId={row.id} url={url} index={`${row.id}-${index}`} />
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            )
          })}
        </ul>
      )}
      <Pagination page={page} pageCount={links.pageCount} href={(p) => `/courses/${slug}/instructor/learning-in-public?page=${p}`} />
    </div>
  )
}
