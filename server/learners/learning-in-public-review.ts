import 'server-only'
// Course staff review the learning-in-public links learners submitted and strike those that are not
// real posts (the Zoomcamp's own platform had seven made-up links earn seven points). A struck link
// earns nothing; the learner sees it struck with the reason; their points are recomputed at once.
import { z } from 'zod'
import { leaderboardConfigSchema } from '../../course/schema.ts'
import { getCourse } from '../courses/content.ts'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'
import { lockLearnerScores } from '../scores/recompute-scores.ts'
import { recomputeLearningInPublicPoints } from './homework-extras.ts'

const PAGE_SIZE = 50

export const strikeInput = z.object({
  extrasId: z.string().min(1).max(64),
  url: z.string().min(1).max(600),
  reason: z.string().trim().min(3, 'Say why, in a few words (the learner sees it).').max(300, 'At most 300 characters.'),
})

/** Every submitted link of the course, newest first, with who sent it and whether it is struck. */
export async function listLearningInPublicLinks(courseId: string, { page = 1 }: { page?: number } = {}) {
  const where = { homework: { courseId, archivedAt: null }, NOT: { learningInPublicUrls: { isEmpty: true } } }
  const [total, rows] = await Promise.all([
    db.homeworkExtras.count({ where }),
    db.homeworkExtras.findMany({
      where,
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        learningInPublicUrls: true,
        updatedAt: true,
        user: { select: { name: true, email: true } },
        homework: { select: { slug: true } },
        strikes: { select: { url: true, reason: true } },
      },
    }),
  ])
  return { total, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows }
}

/** Strikes one link of one learner's homework extras and recomputes their points. */
export async function strikeLearningInPublicLink(courseId: string, staffUserId: string, input: z.input<typeof strikeInput>) {
  const { extrasId, url, reason } = strikeInput.parse(input)
  const extras = await db.homeworkExtras.findFirst({
    where: { id: extrasId, homework: { courseId } },
    select: { id: true, userId: true, learningInPublicUrls: true, homework: { select: { course: { select: { slug: true } } } } },
  })
  // Only links this learner submitted in this course can be struck.
  if (!extras || !extras.learningInPublicUrls.includes(url)) throw new NotFoundError('That learning-in-public link')
  const course = await getCourse(extras.homework.course.slug)
  if (!course) throw new NotFoundError('That course')
  const cap = (course.config.leaderboard ?? leaderboardConfigSchema.parse({})).learning_in_public_cap
  return db.$transaction(async (tx) => {
    await lockLearnerScores(tx, extras.userId)
    const existing = await tx.learningInPublicStrike.findUnique({ where: { homeworkExtrasId_url: { homeworkExtrasId: extras.id, url } }, select: { id: true } })
    if (existing) throw new AppError('conflict', 'That link is already struck.')
    await tx.learningInPublicStrike.create({ data: { homeworkExtrasId: extras.id, url, reason, struckById: staffUserId } })
    const { coursePoints } = await recomputeLearningInPublicPoints(tx, extras.userId, courseId, cap)
    return { coursePoints }
  })
}
