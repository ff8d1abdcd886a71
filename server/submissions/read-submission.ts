import 'server-only'
// What a learner may see of their own submission: its status and the latest grading result. Another
// user's submission is "not found" (never "forbidden"), so ids reveal nothing. The views are built by
// attempt-views.ts (shared with `syllabus web`'s answer of the homework page's learner's part).
import { db, Prisma } from '../db/client.ts'
import { attemptNumberSql } from './attempt-use.ts'
import { NotFoundError } from '../errors.ts'
import { findHomework, getCourse } from '../courses/content.ts'
import { courseNow } from '../clock.ts'
import { learnerWindow } from '../learners/deadline-extensions.ts'
import type { LoadedHomework } from '../../course/loaded-course.ts'
import { submissionViewSelect, toSubmissionView, withheldUntilIn, type SubmissionView } from './attempt-views.ts'

export { listedAttemptViews, withheldUntilIn, type ListedAttemptRow, type SubmissionView } from './attempt-views.ts'

/** When the homework's verdicts will be shown, while they are withheld; null when they are shown now. */
async function feedbackWithheldUntil(userId: string, courseSlug: string, homeworkSlug: string, now: Date, window?: Promise<LoadedHomework>): Promise<Date | null> {
  // A learner with an extension still submits after the others: their verdicts wait for their own window.
  return withheldUntilIn(window ? await window : await ownWindow(userId, courseSlug, homeworkSlug), now)
}

async function ownWindow(userId: string, courseSlug: string, homeworkSlug: string) {
  const course = await getCourse(courseSlug)
  const found = course ? findHomework(course, homeworkSlug)?.homework : undefined
  return found && learnerWindow(userId, { courseSlug, homeworkSlug }, found)
}

export async function getSubmissionForOwner(submissionId: string, userId: string, now = courseNow()): Promise<SubmissionView> {
  const submission = await db.submission.findUnique({ where: { id: submissionId }, select: submissionViewSelect })
  if (!submission || submission.userId !== userId) throw new NotFoundError('That submission')
  const { slug: homeworkSlug, course } = submission.question.homework
  const [withheld, attemptNumbers] = await Promise.all([
    feedbackWithheldUntil(userId, course.slug, homeworkSlug, now),
    attemptNumbersOf(userId, [submission.question.slug], homeworkSlug, course.slug),
  ])
  const view = toSubmissionView({ ...submission, attemptNumber: attemptNumbers.get(submission.id) ?? null }, withheld)
  const run = submission.gradingRuns[0]
  if (view.run && run && view.status === 'queued') {
    // A count, never whose: the learner learns how long the line is, nothing about the others in it.
    const ahead = await db.gradingRun.count({ where: { status: 'queued', engine: run.engine, queuedAt: { lt: run.queuedAt } } })
    view.run.queuePosition = ahead + 1
  }
  return view
}

/** A learner's own attempts on a homework's questions, newest first (at most `limit` per homework). */
export async function listSubmissionsForOwner(
  userId: string,
  {
    courseSlug,
    homeworkSlug,
    limit = 200,
    now = courseNow(),
    window,
  }: {
    courseSlug: string
    homeworkSlug: string
    limit?: number
    now?: Date
    /** The learner's own window (`learnerWindow`) when the caller reads it anyway: not read a second time. */
    window?: Promise<LoadedHomework>
  },
): Promise<SubmissionView[]> {
  const [rows, withheld, attemptNumbers] = await Promise.all([
    db.submission.findMany({
      where: { userId, question: { homework: { slug: homeworkSlug, course: { slug: courseSlug } } } },
      orderBy: [{ submittedAt: 'desc' }, { attempt: 'desc' }],
      take: limit,
      // The homework and course are the ones asked for: not read again per row (two queries fewer).
      select: { ...submissionViewSelect, question: { select: { slug: true } } },
    }),
    feedbackWithheldUntil(userId, courseSlug, homeworkSlug, now, window),
    attemptNumbersOf(userId, null, homeworkSlug, courseSlug),
  ])
  const homework = { slug: homeworkSlug, course: { slug: courseSlug } }
  return rows.map((row) => toSubmissionView({ ...row, attemptNumber: attemptNumbers.get(row.id) ?? null, question: { slug: row.question.slug, homework } }, withheld))
}

/** The attempt numbers (`attemptNumberSql`) of a learner's submissions to a homework's questions (null: all of them), by submission id. */
async function attemptNumbersOf(userId: string, questionSlugs: string[] | null, homeworkSlug: string, courseSlug: string): Promise<Map<string, number | null>> {
  const rows = await db.$queryRaw<{ id: string; attemptNumber: number | null }[]>`
    SELECT s."id", (${Prisma.raw(attemptNumberSql('s'))})::int AS "attemptNumber"
      FROM "Submission" s JOIN "Question" q ON q."id" = s."questionId" JOIN "Homework" h ON h."id" = q."homeworkId" JOIN "Course" c ON c."id" = h."courseId"
     WHERE s."userId" = ${userId} AND h."slug" = ${homeworkSlug} AND c."slug" = ${courseSlug}
       AND (${questionSlugs === null} OR q."slug" = ANY(${questionSlugs ?? []}::text[]))`
  return new Map(rows.map((row) => [row.id, row.attemptNumber]))
}
