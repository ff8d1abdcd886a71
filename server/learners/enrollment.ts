import 'server-only'
// Enrolment in a course, and how a learner appears on its leaderboard.
import { z } from 'zod'
import { db } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'

export async function findPublishedCourse(courseSlug: string) {
  const course = await db.course.findFirst({ where: { slug: courseSlug, archivedAt: null }, select: { id: true, slug: true, title: true } })
  if (!course) throw new NotFoundError('That course')
  return course
}

/** Idempotent: enrolling twice keeps the first enrolment. */
export async function enroll(userId: string, courseSlug: string) {
  const course = await findPublishedCourse(courseSlug)
  return db.enrollment.upsert({
    where: { userId_courseId: { userId, courseId: course.id } },
    create: { userId, courseId: course.id },
    update: {},
    select: { id: true, createdAt: true },
  })
}

export async function getEnrollment(userId: string, courseSlug: string) {
  return db.enrollment.findFirst({
    where: { userId, course: { slug: courseSlug, archivedAt: null } },
    select: { id: true, courseId: true, nickname: true, anonymous: true, points: true, homeworkPoints: true, learningInPublicPoints: true, projectPoints: true, createdAt: true },
  })
}

export const leaderboardProfileInput = z.object({
  nickname: z
    .string()
    .trim()
    .max(40, 'Use at most 40 characters.')
    .regex(/^[\p{L}\p{N} ._-]*$/u, 'Use letters, digits, spaces, dots, dashes and underscores.')
    .transform((value) => value || null),
  anonymous: z.boolean(),
})

export async function updateLeaderboardProfile(userId: string, courseSlug: string, input: z.input<typeof leaderboardProfileInput>) {
  const profile = leaderboardProfileInput.parse(input)
  const enrollment = await getEnrollment(userId, courseSlug)
  if (!enrollment) throw new NotFoundError('Your enrolment')
  return db.enrollment.update({ where: { id: enrollment.id }, data: profile, select: { nickname: true, anonymous: true } })
}
