// Typed domain errors and the one table that maps them to HTTP statuses.
// A learner sees `message`; the log gets the stack. Anything unknown is a generic 500.
import { ZodError } from 'zod'

export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const

export type ErrorCode = keyof typeof errorStatus

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages for forms. */
    readonly fieldErrors: Record<string, string> = {},
    /** When a retry may succeed; sent as Retry-After on 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** How long a client should wait after a 503 that names no better time. */
export const DEFAULT_UNAVAILABLE_RETRY_SECONDS = 30
/** After a 503 because no database connection came free in time: a moment, not half a minute. */
export const BUSY_RETRY_SECONDS = 3

export class UnauthenticatedError extends AppError {
  constructor(message = 'Your session has ended. Sign in again to continue.') {
    super('unauthenticated', message)
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds = DEFAULT_UNAVAILABLE_RETRY_SECONDS) {
    super('unavailable', message, {}, retryAfterSeconds)
  }
}

export class EmailTakenError extends AppError {
  constructor() {
    super('conflict', 'An account with this email already exists. Sign in instead?', {
      email: 'An account with this email already exists.',
    })
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`)
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super('forbidden', message)
  }
}

export class NotEnrolledError extends AppError {
  constructor(message = 'Enrol in this course to submit answers.') {
    super('forbidden', message)
  }
}

export class DeadlinePassedError extends AppError {
  constructor(readonly closedAt: Date) {
    super('forbidden', `This homework closed on ${closedAt.toUTCString()}; new answers are no longer accepted.`)
  }
}

export class NotOpenYetError extends AppError {
  constructor(
    readonly opensAt: Date,
    timeZone: string,
  ) {
    const when = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short',
    }).format(opensAt)
    super('forbidden', `This homework opens on ${when}; answers are accepted from then on.`)
  }
}

export class AnswerTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super('too_large', `Your answer is larger than ${Math.round(limitBytes / 1024)} KiB. Please shorten it.`, {
      answer: `At most ${Math.round(limitBytes / 1024)} KiB.`,
    })
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `You are submitting very quickly. Please wait ${retryAfterSeconds} s and try again.`, {}, retryAfterSeconds)
  }
}

/** Field errors from a ZodError, first message per field. */
export function fieldErrorsFrom(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    // Forms show one message per field: an error inside a list belongs to the list's field.
    const key = String(issue.path[0] ?? 'form')
    fields[key] ??= issue.message
  }
  return fields
}

function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined
}

export interface PublicError {
  status: number
  code: ErrorCode
  message: string
  fieldErrors?: Record<string, string>
  /** Seconds until a retry may succeed; present on 429 and 503 (the Retry-After header). */
  retryAfterSeconds?: number
}

/** The one mapper from anything thrown to what a client may see. */
export function toPublicError(error: unknown): PublicError {
  if (error instanceof AppError) {
    const status = errorStatus[error.code]
    const retryAfterSeconds =
      error.retryAfterSeconds ?? (status === errorStatus.unavailable ? DEFAULT_UNAVAILABLE_RETRY_SECONDS : status === errorStatus.rate_limited ? 1 : undefined)
    return {
      status,
      code: error.code,
      message: error.message,
      ...(Object.keys(error.fieldErrors).length > 0 ? { fieldErrors: error.fieldErrors } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    }
  }
  if (error instanceof ZodError) {
    return {
      status: errorStatus.unprocessable,
      code: 'unprocessable',
      message: 'Some fields are not valid.',
      fieldErrors: fieldErrorsFrom(error),
    }
  }
  const prisma = prismaCode(error)
  if (prisma === 'P2025') return { status: 404, code: 'not_found', message: 'Not found.' }
  if (prisma === 'P2002') return { status: 409, code: 'conflict', message: 'That already exists.' }
  // No database connection came free in time (every connection of the pool busy, as at a deadline
  // rush): nothing was written, and trying again shortly works. A 503 says so; a 500 would not.
  if (prisma === 'P2028' || prisma === 'P2024') {
    return { status: 503, code: 'unavailable', message: 'The site is very busy right now and nothing was saved. Please try again in a few seconds.', retryAfterSeconds: BUSY_RETRY_SECONDS }
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Please try again.' }
}
