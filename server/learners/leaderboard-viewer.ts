// The asker's part of the leaderboard page: the board is the same for everyone and served from a
// cache (app/courses/[slug]/leaderboard/[page]); the browser asks for this part
// (GET /api/courses/[slug]/leaderboard/viewer) and fills in their rank, their own row as it is now and
// their profile form. Only the asker's own rows are read.
import { getCourse } from '../courses/content.ts'
import { withheldHomeworkSlugs } from '../scores/withheld-scores.ts'
import { findPublishedCourse, getEnrollment } from './enrollment.ts'
import { leaderboardViewer, type LeaderboardRow } from './leaderboard.ts'

export type LeaderboardViewerView =
  | { signedIn: false }
  | {
      signedIn: true
      /** The leaderboard profile, when enrolled. */
      profile: { nickname: string; anonymous: boolean } | null
      /** Their place now, when they are on the board. */
      place: { rank: number; points: number; page: number; position: number; total: number; row: LeaderboardRow } | null
    }

/** The asker's part for `user` (null: a visitor), or a NotFoundError for an unknown or archived course. */
export async function leaderboardViewerView(user: { id: string } | null, courseSlug: string): Promise<LeaderboardViewerView> {
  const course = await findPublishedCourse(courseSlug)
  if (!user) return { signedIn: false }
  const [enrollment, loaded] = await Promise.all([getEnrollment(user.id, courseSlug), getCourse(courseSlug)])
  if (!enrollment) return { signedIn: true, profile: null, place: null }
  const place = await leaderboardViewer(course.id, user.id, loaded ? withheldHomeworkSlugs(loaded) : [])
  return { signedIn: true, profile: { nickname: enrollment.nickname ?? '', anonymous: enrollment.anonymous }, place }
}
