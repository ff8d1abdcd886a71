'use server'
// Server actions of the grading service: a learner submits an answer; an instructor regrades.
// Both go through the same functions as the route handlers and the CLI, and report errors through
// the one mapper (toPublicError).
import { z } from 'zod'
import { assertCourseStaff, getUser } from '../auth/session.ts'
import { type PublicError, toPublicError } from '../errors.ts'
import { logger } from '../logger.ts'
import { findRegradeTarget, regradeHomework, regradeQuestion, type RegradeSummary } from './regrade.ts'
import { submitAnswer, submitAnswerInput, type SubmitAnswerInput, type SubmittedAnswer } from './submit-answer.ts'

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: PublicError }

function failure(error: unknown, what: string): { ok: false; error: PublicError } {
  const publicError = toPublicError(error)
  if (publicError.status >= 500) logger.error({ err: error }, `${what} failed`)
  return { ok: false, error: publicError }
}

export async function submitAnswerAction(input: SubmitAnswerInput): Promise<ActionResult<SubmittedAnswer>> {
  try {
    const user = await getUser()
    if (!user) return { ok: false, error: { status: 401, code: 'unauthenticated', message: 'Sign in to submit answers.' } }
    return { ok: true, data: await submitAnswer({ ...submitAnswerInput.parse(input), userId: user.id }) }
  } catch (error) {
    return failure(error, 'submitting an answer')
  }
}

const regradeInput = z.object({
  courseSlug: z.string().min(1),
  homeworkId: z.string().min(1),
  /** Without it, every question of the homework. */
  questionId: z.string().min(1).optional(),
})

export async function regradeAction(input: z.input<typeof regradeInput>): Promise<ActionResult<RegradeSummary>> {
  try {
    const { courseSlug, homeworkId, questionId } = regradeInput.parse(input)
    // Course staff of this course (or an admin), not a platform role.
    await assertCourseStaff(courseSlug, 'regrade:submissions')
    const target = await findRegradeTarget(courseSlug, homeworkId, questionId)
    const summary = target.questionId ? await regradeQuestion(target.questionId) : await regradeHomework(target.homeworkId)
    return { ok: true, data: summary }
  } catch (error) {
    return failure(error, 'regrading')
  }
}
