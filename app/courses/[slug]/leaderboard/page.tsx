import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { LeaderboardProfileForm } from '@/components/course/leaderboard-profile-form'
import { EmptyState } from '@/components/ui/empty-state'
import { DataTable } from '@/components/ui/data-table'
import { Pagination } from '@/components/ui/pagination'
import { getUser } from '@/server/auth/session'
import { findPublishedCourse, getEnrollment } from '@/server/learners/enrollment'
import { leaderboard, leaderboardPageParam } from '@/server/learners/leaderboard'

export const metadata: Metadata = { title: 'Leaderboard' }

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string }> }

export default async function LeaderboardPage({ params, searchParams }: Props) {
  const { slug } = await params
  const course = await findPublishedCourse(slug).catch(() => null)
  if (!course) notFound()
  const user = await getUser()
  const page = leaderboardPageParam.parse((await searchParams).page)
  const [board, enrollment] = await Promise.all([
    leaderboard(course.id, page, user?.id ?? null),
    user ? getEnrollment(user.id, slug) : null,
  ])
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.title }, { label: 'Leaderboard' }]} />
        <h1 className="page-title">Leaderboard</h1>
        {board.viewer && (
          <p className="mt-2 text-slate-700" data-testid="viewer-rank">
            You are #{board.viewer.rank} of {board.total} with {board.viewer.points} points.
            {board.viewer.page !== page && (
              <>
                {' '}
                <Link href={`/courses/${slug}/leaderboard?page=${board.viewer.page}`}>Show my row</Link>
              </>
            )}
          </p>
        )}
      </div>
      {enrollment && <LeaderboardProfileForm slug={slug} nickname={enrollment.nickname ?? ''} anonymous={enrollment.anonymous} />}
      {board.total === 0 ? (
        <EmptyState title="No one is on the leaderboard yet">Enrol and submit homework to be the first.</EmptyState>
      ) : (
        <DataTable caption="Learners by points" columns={[{ label: 'Rank', className: 'w-20' }, { label: 'Learner' }, { label: 'Points', className: 'text-right' }]}>
              {board.rows.map((row, index) => (
                <tr
                  key={index}
                  className={row.isViewer ? 'border-t border-brand-100 bg-brand-50 font-semibold' : 'border-t border-slate-100'}
                  aria-current={row.isViewer ? 'true' : undefined}
                  data-testid={row.isViewer ? 'viewer-row' : undefined}
                >
                  <td className="px-4 py-2">{row.rank}</td>
                  <td className="px-4 py-2">
                    {row.name}
                    {row.isViewer && <span className="ml-2 text-xs font-normal text-brand-700">(you)</span>}
                  </td>
                  <td className="px-4 py-2 text-right">{Number.isInteger(row.points) ? row.points : row.points.toFixed(1)}</td>
                </tr>
              ))}
        </DataTable>
      )}
      <Pagination page={board.page} pageCount={board.pageCount} href={(p) => `/courses/${slug}/leaderboard?page=${p}`} />
    </div>
  )
}
