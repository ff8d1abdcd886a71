// With `feedback: after_deadline`, a homework's scores are a verdict too: a learner who sees their
// points move after a submission knows it was right. So until submissions close, every view a learner
// or the public reads (dashboard, leaderboard, submission views) leaves those homework out of the
// points. The stored scores stay complete; staff views and certification read them as they are.
import type { LoadedCourse } from '../../course/load.ts'
import { courseNow } from '../clock.ts'
import { db } from '../db/client.ts'
import { feedbackWithheld } from '../submissions/attempt-policy.ts'

/** Slugs of the course's homework whose verdicts (and so scores) are withheld now (the course calendar's now). */
export function withheldHomeworkSlugs(course: Pick<LoadedCourse, 'weeks'>, now = courseNow()): string[] {
  return course.weeks.flatMap((week) => (week.homework && feedbackWithheld(week.homework, now) ? [week.homework.slug] : []))
}

/** A learner's points on those homework: what their shown totals leave out. */
export async function withheldPointsOf(userId: string, courseSlug: string, homeworkSlugs: readonly string[]): Promise<number> {
  if (homeworkSlugs.length === 0) return 0
  const { _sum } = await db.homeworkScore.aggregate({
    where: { userId, homework: { slug: { in: [...homeworkSlugs] }, course: { slug: courseSlug } } },
    _sum: { points: true },
  })
  return _sum.points ?? 0
}

/** Course points as a learner may see them now: the stored totals less the withheld homework. */
export function visiblePoints(
  enrollment: { points: number; homeworkPoints: number; learningInPublicPoints: number; projectPoints: number },
  withheldPoints: number,
) {
  return {
    points: enrollment.points - withheldPoints,
    homeworkPoints: enrollment.homeworkPoints - withheldPoints,
    learningInPublicPoints: enrollment.learningInPublicPoints,
    projectPoints: enrollment.projectPoints,
  }
}
