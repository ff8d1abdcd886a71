import 'server-only'
// A course's leaderboard: points, rank (ties share a rank), nickname or "Anonymous", paged. Homework
// whose scores are withheld until the deadline (feedback: after_deadline) count for nothing here yet:
// a rank that moves after a submission would say whether it was right.
import { z } from 'zod'
import { db, Prisma } from '../db/client.ts'

export const LEADERBOARD_PAGE_SIZE = 50

export const leaderboardPageParam = z.coerce.number().int().min(1).max(100_000).catch(1)

interface RankedRow {
  enrollmentId: string
  userId: string
  nickname: string | null
  anonymous: boolean
  points: number
  homeworkPoints: number
  learningInPublicPoints: number
  projectPoints: number
  rank: bigint
  position: bigint
}

export interface LeaderboardRow {
  rank: number
  name: string
  /** Course points: the sum of the parts below, so a reader can check how they add up. */
  points: number
  homeworkPoints: number
  learningInPublicPoints: number
  /** Final project: best attempt's score and learning in public, plus review points (server/projects/course-points.ts). */
  projectPoints: number
  /** Points per homework, by homework slug (missing: nothing submitted, or withheld until the deadline). */
  byHomework: Record<string, number>
  /** 1-based place in the whole board's order (ties broken by enrolment order): which row this is. */
  position: number
  isViewer: boolean
}

function displayName(row: Pick<RankedRow, 'nickname' | 'anonymous'>, position: number) {
  if (row.anonymous) return 'Anonymous'
  return row.nickname ?? `Learner ${position}`
}

/** Each enrolment's points less its points on the withheld homework (`withheldIds`). */
function shownPointsOf(courseId: string, withheldIds: string[]) {
  return Prisma.sql`
      SELECT e."id", e."userId", e."nickname", e."anonymous", e."createdAt",
             e."points" - coalesce(w."points", 0) AS "points",
             e."homeworkPoints" - coalesce(w."points", 0) AS "homeworkPoints",
             e."learningInPublicPoints", e."projectPoints"
        FROM "Enrollment" e
        LEFT JOIN (
          SELECT "userId", sum("points") AS "points" FROM "HomeworkScore"
           WHERE "homeworkId" = ANY(${withheldIds}::text[]) GROUP BY "userId"
        ) w ON w."userId" = e."userId"
       WHERE e."courseId" = ${courseId}`
}

async function withheldHomeworkIds(courseId: string, withheldHomeworkSlugs: readonly string[]) {
  if (withheldHomeworkSlugs.length === 0) return []
  const withheld = await db.homework.findMany({ where: { courseId, slug: { in: [...withheldHomeworkSlugs] } }, select: { id: true } })
  return withheld.map((entry) => entry.id)
}

/** The viewer's place and row as the board shows it (null when not enrolled). */
async function viewerPlace(shownPoints: Prisma.Sql, viewerId: string) {
  const place = (
    await db.$queryRaw<Omit<RankedRow, 'enrollmentId'>[]>`
      SELECT * FROM (
        SELECT e."userId", e."nickname", e."anonymous", e."points", e."homeworkPoints", e."learningInPublicPoints", e."projectPoints",
               rank() OVER (ORDER BY e."points" DESC) AS "rank",
               row_number() OVER (ORDER BY e."points" DESC, e."createdAt", e."id") AS "position"
          FROM (${shownPoints}) e
      ) ranked WHERE "userId" = ${viewerId}`
  )[0]
  return place && { ...place, rank: Number(place.rank), position: Number(place.position), page: Math.ceil(Number(place.position) / LEADERBOARD_PAGE_SIZE) }
}

export async function leaderboard(courseId: string, page: number, viewerId: string | null, withheldHomeworkSlugs: readonly string[] = []) {
  const offset = (page - 1) * LEADERBOARD_PAGE_SIZE
  const withheldIds = await withheldHomeworkIds(courseId, withheldHomeworkSlugs)
  const shownPoints = shownPointsOf(courseId, withheldIds)
  // Equal points share a rank; the enrolment order breaks ties for a stable page order.
  const ranked = await db.$queryRaw<RankedRow[]>`
    SELECT * FROM (
      SELECT e."id" AS "enrollmentId", e."userId", e."nickname", e."anonymous", e."points",
             e."homeworkPoints", e."learningInPublicPoints", e."projectPoints",
             rank() OVER (ORDER BY e."points" DESC) AS "rank",
             row_number() OVER (ORDER BY e."points" DESC, e."createdAt", e."id") AS "position"
        FROM (${shownPoints}) e
    ) ranked
    ORDER BY "position"
    LIMIT ${LEADERBOARD_PAGE_SIZE} OFFSET ${offset}`
  const total = await db.enrollment.count({ where: { courseId } })
  const viewer = viewerId ? await viewerPlace(shownPoints, viewerId) : null
  // The per-homework columns: the course's homework in week order, and this page's scores only.
  const homework = await db.homework.findMany({
    where: { courseId, archivedAt: null },
    orderBy: { module: { position: 'asc' } },
    select: { id: true, slug: true, title: true },
  })
  const scores = await db.homeworkScore.findMany({
    where: { userId: { in: ranked.map((row) => row.userId) }, homeworkId: { in: homework.map((entry) => entry.id).filter((id) => !withheldIds.includes(id)) } },
    select: { userId: true, homeworkId: true, points: true },
  })
  const slugOf = new Map(homework.map((entry) => [entry.id, entry.slug]))
  const rows: LeaderboardRow[] = ranked.map((row) => ({
    rank: Number(row.rank),
    name: displayName(row, Number(row.position)),
    points: row.points,
    homeworkPoints: row.homeworkPoints,
    learningInPublicPoints: row.learningInPublicPoints,
    projectPoints: row.projectPoints,
    byHomework: Object.fromEntries(scores.filter((score) => score.userId === row.userId).map((score) => [slugOf.get(score.homeworkId)!, score.points])),
    position: Number(row.position),
    isViewer: row.userId === viewerId,
  }))
  return {
    rows,
    homework: homework.map(({ id, slug, title }) => ({ slug, title, withheld: withheldIds.includes(id) })),
    page,
    pageCount: Math.max(1, Math.ceil(Number(total) / LEADERBOARD_PAGE_SIZE)),
    total: Number(total),
    viewer: viewer && { rank: viewer.rank, points: viewer.points, page: viewer.page },
  }
}

/**
 * The viewer's own part of the leaderboard, read now (the board itself is a cached page): their place,
 * the board's size and their own row as it is now (their points right after a grading), or null when
 * they are not on it (not enrolled).
 */
export async function leaderboardViewer(courseId: string, viewerId: string, withheldHomeworkSlugs: readonly string[] = []) {
  const withheldIds = await withheldHomeworkIds(courseId, withheldHomeworkSlugs)
  const [place, total] = await Promise.all([viewerPlace(shownPointsOf(courseId, withheldIds), viewerId), db.enrollment.count({ where: { courseId } })])
  if (!place) return null
  const scores = await db.homeworkScore.findMany({
    where: { userId: viewerId, homework: { courseId, archivedAt: null }, homeworkId: { notIn: withheldIds } },
    select: { points: true, homework: { select: { slug: true } } },
  })
  const row: LeaderboardRow = {
    rank: place.rank,
    name: displayName(place, place.position),
    points: place.points,
    homeworkPoints: place.homeworkPoints,
    learningInPublicPoints: place.learningInPublicPoints,
    projectPoints: place.projectPoints,
    byHomework: Object.fromEntries(scores.map((score) => [score.homework.slug, score.points])),
    position: place.position,
    isViewer: true,
  }
  const { rank, points, position, page } = place
  return { rank, points, position, page, total, row }
}
