import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { db } from '../db/client.ts'
import { DeadlinePassedError, RateLimitedError, UnauthenticatedError, UnavailableError } from '../errors.ts'
import { logger } from '../logger.ts'
import { actionFailure, errorResponse, mapFailure } from './error-envelope.ts'

afterEach(() => vi.restoreAllMocks())

async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work()
  } catch (error) {
    return error
  }
  throw new Error('expected the work to throw')
}

describe('the error envelope', () => {
  it('sends a domain error with its status, code and message, and nothing else', async () => {
    const response = errorResponse(new UnauthenticatedError())
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: 'Your session has ended. Sign in again to continue.' } })
    expect(response.headers.get('Retry-After')).toBeNull()
  })

  it('says when a closed homework closed', () => {
    const { status, envelope } = mapFailure(new DeadlinePassedError(new Date('2026-01-05T23:00:00Z')), 'test')
    expect(status).toBe(403)
    expect(envelope.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Mon, 05 Jan 2026 23:00:00 GMT') })
  })

  it('adds Retry-After on 429 and 503', async () => {
    const limited = errorResponse(new RateLimitedError(7))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('7')
    expect((await limited.json()).error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 7 })

    const unavailable = errorResponse(new UnavailableError('Running queries is unavailable right now.'))
    expect(unavailable.status).toBe(503)
    expect(Number(unavailable.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('turns a ZodError into 422 with one message per field', async () => {
    const schema = z.object({ sql: z.string().min(1, 'Write a query first.'), tags: z.array(z.string()) })
    const response = errorResponse(schema.safeParse({ sql: '', tags: [1] }).error)
    expect(response.status).toBe(422)
    expect((await response.json()).error).toEqual({
      code: 'unprocessable',
      message: 'Some fields are not valid.',
      fieldErrors: { sql: 'Write a query first.', tags: expect.any(String) },
    })
  })

  it('maps a real unique violation (P2002) to 409 and a missing row (P2025) to 404', async () => {
    await db.user.create({ data: { email: 'envelope@example.com', name: 'Envelope' } })
    const duplicate = await thrownBy(() => db.user.create({ data: { email: 'envelope@example.com', name: 'Again' } }))
    expect(mapFailure(duplicate, 'test')).toMatchObject({ status: 409, envelope: { error: { code: 'conflict' } } })

    const missing = await thrownBy(() => db.user.update({ where: { id: 'no-such-user' }, data: { name: 'x' } }))
    expect(mapFailure(missing, 'test')).toMatchObject({ status: 404, envelope: { error: { code: 'not_found' } } })
  })

  it('hides an unknown error behind a generic 500 and logs it once with a request id', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined)
    const secret = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2')
    const response = errorResponse(secret, 'submitting an answer')
    const body = await response.json()
    expect(response.status).toBe(500)
    expect(body).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } })
    expect(JSON.stringify(body)).not.toContain('hunter2')
    const requestId = response.headers.get('X-Request-Id')
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(logged).toHaveBeenCalledTimes(1)
    expect(logged).toHaveBeenCalledWith({ err: secret, requestId }, 'submitting an answer failed')
  })

  it('gives server actions the same envelope', () => {
    expect(actionFailure(new RateLimitedError(3), 'test')).toEqual({
      ok: false,
      status: 429,
      error: { code: 'rate_limited', message: expect.stringContaining('3 s'), retryAfterSeconds: 3 },
    })
  })
})
