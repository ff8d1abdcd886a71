import 'server-only'
// The Zoomcamp's extras on a homework: a link to the learner's own solution, learning-in-public posts
// (one point each, up to the course's cap per homework), hours spent, an FAQ contribution link.
import { z } from 'zod'
import { db } from '../db/client.ts'
import { getCourse, findHomework } from '../courses/content.ts'
import { AppError, NotEnrolledError, NotFoundError, DeadlinePassedError } from '../errors.ts'
import { lockLearnerScores, recomputeCoursePoints, type DbTransaction } from '../scores/recompute-scores.ts'
import { leaderboardConfigSchema } from '../../course/schema.ts'
import { submissionsCloseAt } from '../../course/homework-window.ts'
import { homeworkState } from './dashboard.ts'
import { courseNow } from '../clock.ts'
import { normalizePostUrl, postUrl } from './learning-in-public-links.ts'

export const MAX_LEARNING_IN_PUBLIC_LINKS = 20

const webUrl = z
  .string()
  .trim()
  .max(500, 'Use a link of at most 500 characters.')
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.')
    } catch {
      return false
    }
  }, 'Enter a full web address, starting with https://')

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => value || null)
  .pipe(webUrl.nullable())

/** Hours as the learner types them: "3.5" or, as in Berlin, "3,5"; empty means not given. */
const hours = z
  .string()
  .trim()
  .transform((value, context) => {
    if (!value) return null
    const number = Number(value.replace(',', '.'))
    if (Number.isFinite(number) && /^-?[\d.,]+$/.test(value)) return number
    context.addIssue({ code: 'custom', message: 'Enter a number of hours, like 3.5 or 3,5.' })
    return z.NEVER
  })
  .pipe(z.number().min(0, 'Hours cannot be negative.').max(200, 'At most 200 hours.').nullable())
  .transform((value) => (value === null ? null : Math.round(value * 10) / 10))

export const homeworkExtrasInput = z.object({
  solutionUrl: optionalUrl,
  /** One link per line; blank lines are ignored, duplicates count once. */
  learningInPublicUrls: z
    .string()
    .transform((text) => [...new Set(text.split(/\s+/).map((line) => line.trim()).filter(Boolean))])
    .pipe(z.array(webUrl.pipe(postUrl)).max(MAX_LEARNING_IN_PUBLIC_LINKS, `At most ${MAX_LEARNING_IN_PUBLIC_LINKS} links.`))
    // Stored in one spelling, so a copy with tracking parameters is recognised as the same post.
    .transform((urls) => [...new Set(urls.map(normalizePostUrl))]),
  lecturesHours: hours,
  homeworkHours: hours,
  faqUrl: optionalUrl,
})

export type HomeworkExtrasInput = z.input<typeof homeworkExtrasInput>

/** A homework's learning-in-public points: a point per link staff have not struck, up to the cap. */
export function learningInPublicPoints(urls: readonly string[], cap: number, struck: readonly string[] = []) {
  const strikes = new Set(struck)
  return Math.min(cap, new Set(urls.filter((url) => !strikes.has(url))).size)
}

async function homeworkContext(userId: string, courseSlug: string, homeworkSlug: string) {
  const course = await getCourse(courseSlug)
  const found = course && findHomework(course, homeworkSlug)
  const row = await db.homework.findFirst({
    where: { slug: homeworkSlug, archivedAt: null, course: { slug: courseSlug, archivedAt: null } },
    select: { id: true, courseId: true },
  })
  if (!course || !found || !row) throw new NotFoundError('That homework')
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: row.courseId } }, select: { id: true } })
  if (!enrollment) throw new NotEnrolledError()
  return { course, homework: found.homework, row }
}

export async function getHomeworkExtras(userId: string, courseSlug: string, homeworkSlug: string) {
  return db.homeworkExtras.findFirst({
    where: { userId, homework: { slug: homeworkSlug, course: { slug: courseSlug } } },
    select: {
      solutionUrl: true, learningInPublicUrls: true, lecturesHours: true, homeworkHours: true, faqUrl: true, updatedAt: true,
      strikes: { select: { url: true, reason: true, struckAt: true }, orderBy: { struckAt: 'asc' } },
    },
  })
}

/** Saves the extras and re-adds the learner's learning-in-public points to their course points. */
export async function saveHomeworkExtras(
  userId: string,
  courseSlug: string,
  homeworkSlug: string,
  input: HomeworkExtrasInput,
  now = courseNow(),
) {
  const extras = homeworkExtrasInput.parse(input)
  const { course, homework, row } = await homeworkContext(userId, courseSlug, homeworkSlug)
  if (homeworkState(homework, now) === 'closed') throw new DeadlinePassedError(submissionsCloseAt(homework))
  const cap = (course.config.leaderboard ?? leaderboardConfigSchema.parse({})).learning_in_public_cap
  if (extras.learningInPublicUrls.length > 0 && cap === 0) {
    throw new AppError('unprocessable', 'This course does not give points for learning in public.')
  }
  return db.$transaction(async (tx) => {
    await lockLearnerScores(tx, userId)
    // One post, one point in the course: not again on another homework, nor for another learner.
    const taken = extras.learningInPublicUrls.length
      ? await tx.homeworkExtras.findMany({
          where: {
            homework: { courseId: row.courseId },
            NOT: { userId, homeworkId: row.id },
            learningInPublicUrls: { hasSome: extras.learningInPublicUrls },
          },
          select: { learningInPublicUrls: true },
        })
      : []
    const reused = extras.learningInPublicUrls.filter((url) => taken.some((entry) => entry.learningInPublicUrls.includes(url)))
    if (reused.length > 0) {
      throw new AppError('unprocessable', 'Some links were already submitted in this course.', {
        learningInPublicUrls: `Already submitted in this course (each post counts once): ${reused.join(' ')}`,
      })
    }
    await tx.homeworkExtras.upsert({
      where: { userId_homeworkId: { userId, homeworkId: row.id } },
      create: { userId, homeworkId: row.id, ...extras },
      update: extras,
    })
    const { coursePoints, byHomework } = await recomputeLearningInPublicPoints(tx, userId, row.courseId, cap)
    return { learningInPublicPoints: byHomework.get(row.id) ?? 0, cap, coursePoints }
  })
}

/**
 * Re-adds the learner's learning-in-public points over the course's homework (struck links earn
 * nothing) and their course points. The caller holds the learner's scores lock (lockLearnerScores).
 */
export async function recomputeLearningInPublicPoints(tx: DbTransaction, userId: string, courseId: string, cap: number) {
  const all = await tx.homeworkExtras.findMany({
    where: { userId, homework: { courseId, archivedAt: null } },
    select: { homeworkId: true, learningInPublicUrls: true, strikes: { select: { url: true } } },
  })
  const byHomework = new Map(
    all.map((entry) => [entry.homeworkId, learningInPublicPoints(entry.learningInPublicUrls, cap, entry.strikes.map((strike) => strike.url))]),
  )
  const lipPoints = [...byHomework.values()].reduce((sum, points) => sum + points, 0)
  await tx.enrollment.update({ where: { userId_courseId: { userId, courseId } }, data: { learningInPublicPoints: lipPoints } })
  // Course points are computed in one place: homework points plus learning-in-public points.
  await recomputeCoursePoints(tx, userId, courseId)
  const enrollment = await tx.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } }, select: { points: true } })
  return { coursePoints: enrollment.points, byHomework }
}
