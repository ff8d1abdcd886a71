'use server'
import 'server-only'
// Server actions of the grading service: a learner submits an answer; an instructor regrades.
// Both go through the same functions as the route handlers and the CLI, and fail with the route
// handlers' error envelope (server/http/error-envelope.ts).
import { z } from 'zod'
import { requireApiPermission, requireApiUser } from '../auth/session.ts'
import { actionFailure, type ActionResult } from '../http/error-envelope.ts'
import { findRegradeTarget, regradeHomework, regradeQuestion, type RegradeSummary } from './regrade.ts'
import { submitAnswer, submitAnswerInput, type SubmitAnswerInput, type SubmittedAnswer } from './submit-answer.ts'

export type { ActionResult }

export async function submitAnswerAction(input: SubmitAnswerInput): Promise<ActionResult<SubmittedAnswer>> {
  try {
    const user = await requireApiUser('Your session has ended. Sign in again to submit answers.')
    return { ok: true, data: await submitAnswer({ ...submitAnswerInput.parse(input), userId: user.id }) }
  } catch (error) {
    return actionFailure(error, 'submitting an answer')
  }
}

const regradeInput = z.object({
  courseSlug: z.string().min(1),
  homeworkSlug: z.string().min(1),
  /** Without it, every question of the homework. */
  questionSlug: z.string().min(1).optional(),
})

export async function regradeAction(input: z.input<typeof regradeInput>): Promise<ActionResult<RegradeSummary>> {
  try {
    await requireApiPermission('regrade:submissions')
    const { courseSlug, homeworkSlug, questionSlug } = regradeInput.parse(input)
    const target = await findRegradeTarget(courseSlug, homeworkSlug, questionSlug)
    const summary = target.questionId ? await regradeQuestion(target.questionId) : await regradeHomework(target.homeworkId)
    return { ok: true, data: summary }
  } catch (error) {
    return actionFailure(error, 'regrading')
  }
}
