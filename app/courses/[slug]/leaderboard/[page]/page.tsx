import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { leaderboardPagePath } from '@/components/course/leaderboard-path'
import { LeaderboardBoard, LeaderboardRows, LeaderboardViewerProfile, LeaderboardViewerProvider, LeaderboardViewerRank } from '@/components/course/leaderboard-viewer'
import { EmptyState } from '@/components/ui/empty-state'
import { DataTable } from '@/components/ui/data-table'
import { Pagination } from '@/components/ui/pagination'
import { findPublishedCourse } from '@/server/learners/enrollment'
import { leaderboard } from '@/server/learners/leaderboard'
import { getCourse } from '@/server/courses/content'
import { withheldHomeworkSlugs } from '@/server/scores/withheld-scores'

export const metadata: Metadata = { title: 'Leaderboard' }

// The leaderboard is the same for everyone: an ISR page re-rendered at most every 5 s, nothing at build
// time (the board is in the database). `/courses/[slug]/leaderboard?page=N` is rewritten here by
// next.config.ts. The asker's part (rank, own row now, profile form) is filled in by the browser.
export const revalidate = 5
export const dynamicParams = true
export function generateStaticParams() {
  return []
}

type Props = { params: Promise<{ slug: string; page: string }> }

export default async function LeaderboardPage({ params }: Props) {
  const { slug, page: pageSegment } = await params
  const page = Number(pageSegment)
  if (!/^[1-9][0-9]{0,5}$/.test(pageSegment)) notFound()
  const course = await findPublishedCourse(slug).catch(() => null)
  if (!course) notFound()
  // Homework scored after its deadline (feedback: after_deadline) counts here once submissions close.
  const loaded = await getCourse(slug)
  const board = await leaderboard(course.id, page, null, loaded ? withheldHomeworkSlugs(loaded) : [])
  // A page past the last does not exist, like /leaderboard/0 (page 1 always does, empty or not).
  if (page > board.pageCount) notFound()
  return (
    <LeaderboardViewerProvider slug={slug}>
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: course.title }, { label: 'Leaderboard' }]} />
        <h1 className="page-title">Leaderboard</h1>
        <LeaderboardViewerRank slug={slug} page={page} />
      </div>
      <LeaderboardViewerProfile slug={slug} />
      <LeaderboardBoard
        total={board.total}
        empty={<EmptyState title="No one is on the leaderboard yet">Enrol and submit homework to be the first.</EmptyState>}
      >
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
              <LeaderboardRows rows={board.rows} homework={board.homework} page={page} />
        </DataTable>
      </LeaderboardBoard>
      <Pagination page={board.page} pageCount={board.pageCount} href={(p) => leaderboardPagePath(slug, p)} />
    </div>
    </LeaderboardViewerProvider>
  )
}
