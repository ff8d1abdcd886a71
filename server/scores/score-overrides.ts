// Course staff setting a learner's points on one question, with a reason. Every change is a new row
// (who, when, old → new, why), never edited; the latest row is in force, and the score recompute applies
// it, so the override reaches the homework score, course points, leaderboard, certificates and CSVs the
// same way a grading result does. A later regrade does not undo it; lifting the override does.
import { z } from 'zod'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'
import { lockLearnerScores, recomputeScores } from './recompute-scores.ts'

export const scoreOverrideInput = z.object({
  homeworkSlug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose a homework.'),
  questionSlug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose a question.'),
  /** The new points; null lifts the override (the graded points count again). */
  points: z.number({ error: 'Enter the points as a number.' }).finite().min(0, 'Points cannot be negative.').nullable(),
  reason: z.string().trim().min(3, 'Say why, in a few words (it is kept in the audit trail).').max(1000),
})
export type ScoreOverrideInput = z.input<typeof scoreOverrideInput>

/** Sets (or lifts) a learner's points on a question; returns the points before and after. */
export async function overrideQuestionScore(course: LoadedCourse, courseId: string, userId: string, input: ScoreOverrideInput, instructorId: string) {
  const { homeworkSlug, questionSlug, points, reason } = scoreOverrideInput.parse(input)
  const homework = course.weeks.find((week) => week.homework?.slug === homeworkSlug)?.homework
  const [question, enrollment] = await Promise.all([
    db.question.findFirst({ where: { slug: questionSlug, homework: { slug: homeworkSlug, courseId } }, select: { id: true, maxPoints: true } }),
    db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true } }),
  ])
  if (!enrollment) throw new NotFoundError('That learner')
  if (!question || !homework) throw new NotFoundError(`The question "${homeworkSlug}/${questionSlug}"`)
  if (points !== null && points > question.maxPoints) {
    throw new AppError('unprocessable', `This question is worth at most ${question.maxPoints} points.`, { points: `At most ${question.maxPoints}.` })
  }
  return db.$transaction(async (tx) => {
    await lockLearnerScores(tx, userId)
    const [current, inForce] = await Promise.all([
      tx.questionScore.findUnique({ where: { userId_questionId: { userId, questionId: question.id } }, select: { points: true } }),
      tx.questionScoreOverride.findFirst({ where: { userId, questionId: question.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { points: true } }),
    ])
    if (points === null && (inForce?.points ?? null) === null) throw new AppError('unprocessable', 'There is no override to lift on this question.')
    const previousPoints = current?.points ?? 0
    await tx.questionScoreOverride.create({ data: { userId, questionId: question.id, points, previousPoints, reason, instructorId } })
    await recomputeScores(tx, { userId, questionId: question.id, scoring: homework.config.scoring })
    const after = await tx.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId, questionId: question.id } }, select: { points: true } })
    return { previousPoints, points: after.points }
  })
}

/** A learner's override history in a course, newest first: the audit trail. */
export async function scoreOverrideHistory(courseId: string, userId: string) {
  return db.questionScoreOverride.findMany({
    where: { userId, question: { homework: { courseId } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      points: true,
      previousPoints: true,
      reason: true,
      createdAt: true,
      instructor: { select: { email: true, name: true } },
      question: { select: { slug: true, homework: { select: { slug: true } } } },
    },
  })
}
