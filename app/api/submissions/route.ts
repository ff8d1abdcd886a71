// POST /api/submissions — submit an answer (JSON: courseSlug, homeworkSlug, questionSlug, answer).
// 202 with the submission id; follow it at /api/submissions/<id> or /api/submissions/<id>/events.
// Failures: the one error envelope (server/http/error-envelope.ts).
import { NextResponse } from 'next/server'
import { requireApiUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { readJsonBody } from '@/server/http/read-json-body'
import { DEFAULT_MAX_ANSWER_BYTES } from '@/server/submissions/answer-schema'
import { submitAnswer, submitAnswerInput } from '@/server/submissions/submit-answer'

// The answer's own limit is checked after parsing; this stops a huge body before it is read.
const MAX_BODY_BYTES = 2 * DEFAULT_MAX_ANSWER_BYTES

export async function POST(request: Request) {
  return withErrorEnvelope('submitting an answer', async () => {
    const user = await requireApiUser('Your session has ended. Sign in again to submit answers.')
    const body = await readJsonBody(request, MAX_BODY_BYTES, 'the answer')
    const idempotencyKey = request.headers.get('idempotency-key') ?? undefined
    const input = submitAnswerInput.parse({ ...(body as object), ...(idempotencyKey ? { idempotencyKey } : {}) })
    const submitted = await submitAnswer({ ...input, userId: user.id })
    return NextResponse.json(submitted, { status: 202, headers: { Location: `/api/submissions/${submitted.submissionId}` } })
  })
}
