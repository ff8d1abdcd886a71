// HTTP edges of the submission API: one JSON error response built from the one error mapper, with
// Retry-After for rate limits; unexpected errors are logged with their stack and shown generically.
import { randomUUID } from 'node:crypto'
import { NextResponse } from 'next/server'
import { RateLimitedError, toPublicError } from '../errors.ts'
import { logger } from '../logger.ts'

export function errorResponse(error: unknown): NextResponse {
  const publicError = toPublicError(error)
  const headers = new Headers()
  if (error instanceof RateLimitedError) headers.set('Retry-After', String(error.retryAfterSeconds))
  if (publicError.status >= 500) {
    const requestId = randomUUID()
    logger.error({ err: error, requestId }, 'submission API failed')
    headers.set('X-Request-Id', requestId)
  }
  const { status, ...body } = publicError
  return NextResponse.json({ error: body }, { status, headers })
}

export function unauthenticatedResponse(): NextResponse {
  return NextResponse.json({ error: { code: 'unauthenticated', message: 'Sign in to submit answers.' } }, { status: 401 })
}
