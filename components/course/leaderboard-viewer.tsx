'use client'
// The asker's part of the leaderboard page, filled in by the browser. The board (ranks, names, points)
// is the same for everyone and served from a cache; this asks for the asker's own part
// (GET /api/courses/[slug]/leaderboard/viewer): "You are #…", their profile form, and their own row as
// it is now, highlighted in place of the cached one.
import Link from 'next/link'
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react'
import type { LeaderboardRow } from '@/server/learners/leaderboard'
import type { LeaderboardViewerView } from '@/server/learners/leaderboard-viewer'
import { formatPoints } from '../ui/format'
import { LeaderboardProfileForm } from './leaderboard-profile-form'
import { leaderboardPagePath } from './leaderboard-path'

const Context = createContext<LeaderboardViewerView | null>(null)

export function LeaderboardViewerProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const [view, setView] = useState<LeaderboardViewerView | null>(null)
  useEffect(() => {
    let current = true
    fetch(`/api/courses/${encodeURIComponent(slug)}/leaderboard/viewer`, { cache: 'no-store' })
      .then(async (response) => response.ok && current && setView((await response.json()) as LeaderboardViewerView))
      // The board is shown either way; only the asker's highlight is missing.
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [slug])
  return <Context.Provider value={view}>{children}</Context.Provider>
}

function usePlace() {
  const view = useContext(Context)
  return view?.signedIn ? view.place : null
}

/** "You are #3 of 120 with 14 points." and a link to their page when it is another. */
export function LeaderboardViewerRank({ slug, page }: { slug: string; page: number }) {
  const place = usePlace()
  if (!place) return null
  return (
    <p className="mt-2 text-slate-700" data-testid="viewer-rank">
      You are #{place.rank} of {place.total} with {formatPoints(place.points)} points.
      {place.page !== page && (
        <>
          {' '}
          <Link href={leaderboardPagePath(slug, place.page)}>Show my row</Link>
        </>
      )}
    </p>
  )
}

/** The board, or `empty` while no one is on it (and the asker is not either, as of now). */
export function LeaderboardBoard({ total, empty, children }: { total: number; empty: ReactNode; children: ReactNode }) {
  const place = usePlace()
  return total === 0 && !place ? empty : children
}

export function LeaderboardViewerProfile({ slug }: { slug: string }) {
  const view = useContext(Context)
  if (!view?.signedIn || !view.profile) return null
  return <LeaderboardProfileForm slug={slug} nickname={view.profile.nickname} anonymous={view.profile.anonymous} />
}

/**
 * The board's rows; the asker's own row, when it is on this page, as it is now and highlighted (the
 * cached board may be a few seconds older than their last grading).
 */
export function LeaderboardRows({ rows, homework, page }: { rows: LeaderboardRow[]; homework: { slug: string; withheld: boolean }[]; page: number }) {
  const place = usePlace()
  // A learner newer on the board than the cached page still finds their row.
  const shown = place?.page === page && !rows.some((row) => row.position === place.position) ? [...rows, place.row].sort((a, b) => a.position - b.position) : rows
  return shown.map((cached) => {
    const row = place?.position === cached.position ? place.row : cached
    const own = row.isViewer
    return (
      <tr
        key={cached.position}
        className={own ? 'border-t border-brand-100 bg-brand-50 font-semibold' : 'border-t border-slate-100'}
        aria-current={own ? 'true' : undefined}
        data-testid={own ? 'viewer-row' : undefined}
      >
        <td className="px-4 py-2">{row.rank}</td>
        <td className="break-words px-4 py-2">
          {row.name}
          {own && <span className="ml-2 text-xs font-normal text-brand-700">(you)</span>}
        </td>
        {homework.map((entry) => (
          <td key={entry.slug} className="hidden px-4 py-2 text-right lg:table-cell" data-testid={own ? `viewer-${entry.slug}` : undefined}>
            {entry.withheld ? <abbr title="Scored after the deadline">…</abbr> : entry.slug in row.byHomework ? formatPoints(row.byHomework[entry.slug]!) : '—'}
          </td>
        ))}
        <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={own ? 'viewer-homework-points' : undefined}>
          {formatPoints(row.homeworkPoints)}
        </td>
        <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={own ? 'viewer-lip-points' : undefined}>
          {formatPoints(row.learningInPublicPoints)}
        </td>
        <td className="hidden px-4 py-2 text-right sm:table-cell" data-testid={own ? 'viewer-project-points' : undefined}>
          {formatPoints(row.projectPoints)}
        </td>
        <td className="px-4 py-2 text-right">{formatPoints(row.points)}</td>
      </tr>
    )
  })
}
