// POST /api/submissions — submit an answer (JSON: courseSlug, homeworkSlug, questionSlug, answer).
// 202 with the submission id; follow it at /api/submissions/<id> or /api/submissions/<id>/events.
// Failures: the one error envelope (server/http/error-envelope.ts).
import { NextResponse } from 'next/server'
import { requireApiUser } from '@/server/auth/session'
import { AnswerTooLargeError, AppError } from '@/server/errors'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { DEFAULT_MAX_ANSWER_BYTES } from '@/server/submissions/answer-schema'
import { submitAnswer, submitAnswerInput } from '@/server/submissions/submit-answer'

// The answer's own limit is checked after parsing; this stops a huge body before it is read.
const MAX_BODY_BYTES = 2 * DEFAULT_MAX_ANSWER_BYTES

export async function POST(request: Request) {
  return withErrorEnvelope('submitting an answer', async () => {
    const user = await requireApiUser('Your session has ended. Sign in again to submit answers.')
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw new AnswerTooLargeError(DEFAULT_MAX_ANSWER_BYTES)
    const body: unknown = await request.json().catch(() => {
      throw new AppError('bad_request', 'Send the answer as a JSON object.')
    })
    const idempotencyKey = request.headers.get('idempotency-key') ?? undefined
    const input = submitAnswerInput.parse({ ...(body as object), ...(idempotencyKey ? { idempotencyKey } : {}) })
    const submitted = await submitAnswer({ ...input, userId: user.id })
    return NextResponse.json(submitted, { status: 202, headers: { Location: `/api/submissions/${submitted.submissionId}` } })
  })
}
