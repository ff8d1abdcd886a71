import 'server-only'
// The one failure shape of every route handler and server action:
//   { error: { code, message, fieldErrors?, retryAfterSeconds? } }
// with the mapped HTTP status and Retry-After on 429/503. Anything unexpected is logged once with a
// request id (also sent as X-Request-Id) and shown to the client as a generic 500.
import { randomUUID } from 'node:crypto'
import { NextResponse } from 'next/server'
import { type ErrorCode, toPublicError } from '../errors.ts'
import { logger } from '../logger.ts'

export interface ErrorEnvelope {
  error: {
    code: ErrorCode
    message: string
    fieldErrors?: Record<string, string>
    retryAfterSeconds?: number
  }
}

export interface MappedFailure {
  status: number
  headers: Record<string, string>
  envelope: ErrorEnvelope
}

/** Maps anything thrown to status, headers and envelope; logs what the client must not see. */
export function mapFailure(error: unknown, what: string): MappedFailure {
  const { status, ...body } = toPublicError(error)
  const headers: Record<string, string> = {}
  if (body.retryAfterSeconds !== undefined) headers['Retry-After'] = String(body.retryAfterSeconds)
  if (status >= 500) {
    const requestId = randomUUID()
    headers['X-Request-Id'] = requestId
    logger.error({ err: error, requestId }, `${what} failed`)
  }
  return { status, headers, envelope: { error: body } }
}

/** A route handler's failure response. */
export function errorResponse(error: unknown, what = 'request'): NextResponse<ErrorEnvelope> {
  const { status, headers, envelope } = mapFailure(error, what)
  return NextResponse.json(envelope, { status, headers })
}

/** Runs a route handler's body and turns anything it throws into the envelope. */
export async function withErrorEnvelope<T extends Response>(what: string, handle: () => Promise<T>): Promise<T | NextResponse<ErrorEnvelope>> {
  try {
    return await handle()
  } catch (error) {
    return errorResponse(error, what)
  }
}

/** A server action's failure: the route handlers' envelope, plus the status they would send. */
export type ActionFailure = { ok: false; status: number } & ErrorEnvelope

/** What a server action returns: its data, or the same envelope a route handler sends. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure

/** A form action's state for useActionState: a confirmation, or the envelope. */
export type FormActionState = { ok: true; message?: string } | ActionFailure

export function actionFailure(error: unknown, what: string): ActionFailure {
  const { status, envelope } = mapFailure(error, what)
  return { ok: false, status, ...envelope }
}
