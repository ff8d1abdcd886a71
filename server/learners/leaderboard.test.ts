import { getAccessFallbackHTTPStatus, isHTTPAccessFallbackError } from 'next/dist/client/components/http-access-fallback/http-access-fallback'
import { beforeAll, describe, expect, it } from 'vitest'
import LeaderboardPage from '../../app/courses/[slug]/leaderboard/[page]/page.tsx'
import { db } from '../db/client.ts'
import { enroll, updateLeaderboardProfile } from './enrollment.ts'
import { LEADERBOARD_PAGE_SIZE, leaderboard, leaderboardViewer } from './leaderboard.ts'
import { leaderboardViewerView } from './leaderboard-viewer.ts'

let courseId: string
const users: string[] = []

beforeAll(async () => {
  courseId = (
    await db.course.create({ data: { slug: 'board', title: 'Board', summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' } })
  ).id
  const base = Date.parse('2027-01-01T00:00:00Z')
  for (let i = 0; i < LEADERBOARD_PAGE_SIZE + 5; i++) {
    const user = await db.user.create({ data: { email: `l${i}@example.com` } })
    users.push(user.id)
    await db.enrollment.create({
      data: { userId: user.id, courseId, points: i < 3 ? 10 : i, createdAt: new Date(base + i * 1000) },
    })
  }
})

describe('leaderboard', () => {
  it('ranks by points, with ties sharing a rank, and pages', async () => {
    const first = await leaderboard(courseId, 1, null)
    expect(first.total).toBe(LEADERBOARD_PAGE_SIZE + 5)
    expect(first.pageCount).toBe(2)
    expect(first.rows[0]).toMatchObject({ rank: 1, points: LEADERBOARD_PAGE_SIZE + 4 })
    const tens = first.rows.filter((row) => row.points === 10)
    expect(tens.length).toBe(4) // learners 0, 1, 2 and 10
    expect(new Set(tens.map((row) => row.rank)).size).toBe(1)
    const second = await leaderboard(courseId, 2, null)
    expect(second.rows).toHaveLength(5)
    expect(second.rows.at(-1)!.points).toBe(3)
  })

  it("marks the viewer's row and tells which page it is on", async () => {
    const viewerId = users[3]! // 3 points: last place
    const board = await leaderboard(courseId, 1, viewerId)
    expect(board.viewer).toEqual({ rank: LEADERBOARD_PAGE_SIZE + 5, points: 3, page: 2 })
    expect(board.rows.some((row) => row.isViewer)).toBe(false)
    expect((await leaderboard(courseId, 2, viewerId)).rows.at(-1)!.isViewer).toBe(true)
  })

  it('the page: a page past the last is a 404, as page 0 is; page 1 exists even with no one on the board', async () => {
    /** The status the page answers with: 200 when it renders, else the one its notFound() gives. */
    const statusOf = async (slug: string, page: string) => {
      try {
        await LeaderboardPage({ params: Promise.resolve({ slug, page }) })
        return 200
      } catch (error) {
        if (isHTTPAccessFallbackError(error)) return getAccessFallbackHTTPStatus(error)
        throw error
      }
    }
    expect(await statusOf('board', '1')).toBe(200)
    expect(await statusOf('board', '2')).toBe(200) // the last page, with 5 rows
    for (const page of ['3', '999', '0', '-1', 'abc']) expect(await statusOf('board', page), page).toBe(404)
    await db.course.create({ data: { slug: 'empty-board', title: 'Empty', summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' } })
    expect(await statusOf('empty-board', '1')).toBe(200)
    expect(await statusOf('empty-board', '2')).toBe(404)
  })

  it('shows a nickname, or Anonymous, never an email', async () => {
    const top = users.at(-1)!
    const course = await db.course.findUniqueOrThrow({ where: { id: courseId } })
    await updateLeaderboardProfile(top, course.slug, { nickname: 'Ada L.', anonymous: false })
    expect((await leaderboard(courseId, 1, null)).rows[0]!.name).toBe('Ada L.')
    await updateLeaderboardProfile(top, course.slug, { nickname: 'Ada L.', anonymous: true })
    const rows = (await leaderboard(courseId, 1, null)).rows
    expect(rows[0]!.name).toBe('Anonymous')
    expect(JSON.stringify(rows)).not.toContain('@example.com')
    await expect(updateLeaderboardProfile(top, course.slug, { nickname: '<script>', anonymous: false })).rejects.toThrow(/letters, digits/)
  })

  it('enrolling is idempotent', async () => {
    const user = await db.user.create({ data: { email: 'twice@example.com' } })
    const a = await enroll(user.id, 'board')
    const b = await enroll(user.id, 'board')
    expect(b.id).toBe(a.id)
    await expect(enroll(user.id, 'no-such-course')).rejects.toThrow(/not found/)
  })
})

describe("the viewer's part (the board itself is a cached page)", () => {
  it('gives the viewer their place and their own row as the board has it, read now', async () => {
    const viewerId = users[3]! // 3 points: last place, page 2
    const board = await leaderboard(courseId, 2, viewerId)
    const own = board.rows.find((row) => row.isViewer)!
    const part = await leaderboardViewer(courseId, viewerId)
    expect(part).toMatchObject({ rank: board.viewer!.rank, points: 3, page: 2, total: board.total, position: own.position })
    expect(part!.row).toEqual(own)
    // A grading moves the viewer at once, whatever a cached board still shows.
    await db.enrollment.updateMany({ where: { courseId, userId: viewerId }, data: { points: 1_000, homeworkPoints: 1_000 } })
    try {
      expect(await leaderboardViewer(courseId, viewerId)).toMatchObject({ rank: 1, position: 1, page: 1, points: 1_000, row: { rank: 1, points: 1_000, homeworkPoints: 1_000, isViewer: true } })
    } finally {
      await db.enrollment.updateMany({ where: { courseId, userId: viewerId }, data: { points: 3, homeworkPoints: 0 } })
    }
  })

  it('is null for someone not on the board, and the view says who is asking', async () => {
    const outsider = await db.user.create({ data: { email: 'outsider@example.com' } })
    expect(await leaderboardViewer(courseId, outsider.id)).toBeNull()
    expect(await leaderboardViewerView(null, 'board')).toEqual({ signedIn: false })
    expect(await leaderboardViewerView(outsider, 'board')).toEqual({ signedIn: true, profile: null, place: null })
    const member = await leaderboardViewerView({ id: users[3]! }, 'board')
    expect(member).toMatchObject({ signedIn: true, profile: { nickname: '', anonymous: false }, place: { points: 3 } })
    await expect(leaderboardViewerView(null, 'no-such-course')).rejects.toThrow(/course/)
  })
})
