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
import { anonymousLeaderboard, leaderboard, leaderboardPageParam } from '@/server/learners/leaderboard'
import { getCourse } from '@/server/courses/content'
import { withheldHomeworkSlugs } from '@/server/scores/withheld-scores'

export const metadata: Metadata = { title: 'Leaderboard' }

function formatPoints(points: number) {
  return Number.isInteger(points) ? String(points) : points.toFixed(1)
}

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string }> }

export default async function LeaderboardPage({ params, searchParams }: Props) {
  const { slug } = await params
  const course = await findPublishedCourse(slug).catch(() => null)
  if (!course) notFound()
  const user = await getUser()
  const page = leaderboardPageParam.parse((await searchParams).page)
  const [board, enrollment] = await Promise.all([
    // Homework scored after its deadline (feedback: after_deadline) counts here once submissions close.
    // Anonymous visitors share a snapshot a few seconds old; a learner sees their own row as it is now.
    getCourse(slug).then((loaded) => {
      const withheld = loaded ? withheldHomeworkSlugs(loaded) : []
      return user ? leaderboard(course.id, page, user.id, withheld) : anonymousLeaderboard(course.id, page, withheld)
    }),
    user ? getEnrollment(user.id, slug) : null,
  ])
  return (
    <div className="mx-auto max-w-5xl space-y-6">
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
        <>
          <p className="text-sm text-slate-600" data-testid="points-explained">
            Points = homework + learning in public (a point per post, up to the course&apos;s cap per homework) + final project (your best
            attempt&apos;s score and its learning in public, plus points for each peer review you completed), once the project&apos;s results are out.
          </p>
          <DataTable
            caption="Learners by points"
            columns={[
              { label: 'Rank', className: 'w-16' },
              { label: 'Learner' },
              ...board.homework.map((entry) => ({
                label: <abbr title={entry.title}>{entry.slug}</abbr>,
                className: 'hidden text-right lg:table-cell',
              })),
              { label: 'Homework', className: 'hidden text-right sm:table-cell' },
              { label: 'Learning in public', className: 'hidden text-right sm:table-cell' },
              { label: 'Project', className: 'hidden text-right sm:table-cell' },
              { label: 'Points', className: 'text-right' },
            ]}
          >
              {board.rows.map((row, index) => (
                <tr
                  key={index}
                  className={row.isViewer ? 'border-t border-brand-100 bg-brand-50 font-semibold' : 'border-t border-slate-100'}
                  aria-current={row.isViewer ? 'true' : undefined}
                  data-testid={row.isViewer ? 'viewer-row' : undefined}
                >
                  <td className="px-4 py-2">{row.rank}</td>
                  <td className="break-words px-4 py-2">
                    {row.name}
                    {row.isViewer && <span className="ml-2 text-xs font-normal text-brand-700">(you)</span>}
                  </td>
                  {board.homework.map((entry) => (
                    <td key={entry.slug} className="hidden px-4 py-2 text-right lg:table-cell" data-testid={row.isViewer ? `viewer-${entry.slug}` : undefined}>
                      {entry.withheld ? <abbr title="Scored after the deadline">…</abbr> : entry.slug in row.byHomework ? formatPoints(row.byHomework[entry.slug]!) : '—'}
                    </td>
                  ))}
                  <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={row.isViewer ? 'viewer-homework-points' : undefined}>
                    {formatPoints(row.homeworkPoints)}
                  </td>
                  <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={row.isViewer ? 'viewer-lip-points' : undefined}>
                    {formatPoints(row.learningInPublicPoints)}
                  </td>
                  <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={row.isViewer ? 'viewer-project-points' : undefined}>
                    {formatPoints(row.projectPoints)}
                  </td>
                  <td className="px-4 py-2 text-right">{formatPoints(row.points)}</td>
                </tr>
              ))}
        </DataTable>
        </>
      )}
      <Pagination page={board.page} pageCount={board.pageCount} href={(p) => `/courses/${slug}/leaderboard?page=${p}`} />
    </div>
  )
}
