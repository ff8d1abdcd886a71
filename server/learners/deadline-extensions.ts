// Per-learner deadline extensions, granted by course staff. Everything that asks "may this learner still
// submit, and at what penalty?" reads the learner's window through here (submissions, homework extras, the
// homework page), and answers stay hidden from everyone until the last extended window has closed.
import { z } from 'zod'
import { extendedWindow, submissionsCloseAt } from '../../course/homework-window.ts'
import type { LoadedHomework } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'

export const deadlineExtensionInput = z.object({
  homeworkSlug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose a homework.'),
  until: z.coerce.date({ error: 'Enter the new deadline as a date and time.' }),
  reason: z.string().trim().min(3, 'Say why, in a few words (it is kept for the record).').max(1000),
})
export type DeadlineExtensionInput = z.input<typeof deadlineExtensionInput>

/** The learner's extension of one homework (database ids), or null. */
export async function extensionOf(userId: string, homeworkId: string) {
  return db.deadlineExtension.findUnique({ where: { userId_homeworkId: { userId, homeworkId } }, select: { until: true, reason: true } })
}

/** The homework as this learner sees its window: deadline and late window moved by their extension. */
export async function learnerWindow<Homework extends Pick<LoadedHomework, 'deadline' | 'latePolicy'>>(
  userId: string | null | undefined,
  where: { courseSlug: string; homeworkSlug: string },
  homework: Homework,
): Promise<Homework> {
  if (!userId) return homework
  const extension = await db.deadlineExtension.findFirst({
    where: { userId, homework: { slug: where.homeworkSlug, course: { slug: where.courseSlug } } },
    select: { until: true },
  })
  return extendedWindow(homework, extension?.until)
}

/** When the last learner's window closes: answers may be revealed to anyone only after it. */
export async function lastWindowClosesAt(where: { courseSlug: string; homeworkSlug: string }, homework: Pick<LoadedHomework, 'deadline' | 'latePolicy'>): Promise<Date> {
  const latest = await db.deadlineExtension.aggregate({
    where: { homework: { slug: where.homeworkSlug, course: { slug: where.courseSlug } } },
    _max: { until: true },
  })
  return submissionsCloseAt(extendedWindow(homework, latest._max.until))
}

async function enrolledHomework(courseId: string, userId: string, homeworkSlug: string) {
  const [homework, enrollment] = await Promise.all([
    db.homework.findFirst({ where: { courseId, slug: homeworkSlug }, select: { id: true, deadline: true } }),
    db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true } }),
  ])
  if (!enrollment) throw new NotFoundError('That learner')
  if (!homework) throw new NotFoundError(`The homework "${homeworkSlug}"`)
  return homework
}

/** Grants or changes a learner's extension (one per learner and homework). */
export async function grantDeadlineExtension(courseId: string, userId: string, input: DeadlineExtensionInput, grantedById: string) {
  const { homeworkSlug, until, reason } = deadlineExtensionInput.parse(input)
  const homework = await enrolledHomework(courseId, userId, homeworkSlug)
  if (until.getTime() <= homework.deadline.getTime()) {
    throw new AppError('unprocessable', 'An extension must end after the homework’s deadline.', { until: `Pick a moment after ${homework.deadline.toUTCString()}.` })
  }
  return db.deadlineExtension.upsert({
    where: { userId_homeworkId: { userId, homeworkId: homework.id } },
    create: { userId, homeworkId: homework.id, until, reason, grantedById },
    update: { until, reason, grantedById },
    select: { until: true, reason: true },
  })
}

/** Withdraws an extension; false when there was none. */
export async function withdrawDeadlineExtension(courseId: string, userId: string, homeworkSlug: string): Promise<boolean> {
  const homework = await enrolledHomework(courseId, userId, homeworkSlug)
  const { count } = await db.deadlineExtension.deleteMany({ where: { userId, homeworkId: homework.id } })
  return count > 0
}
