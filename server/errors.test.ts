// What a client sees when the database had no connection free in time: the deadline rush
// (bench/rush.ts) found submits answering 500 with Prisma's P2028, "Transaction API error: Unable to
// start a transaction in the given time", logged by the web server under load.
import { describe, expect, it } from 'vitest'
import { Prisma } from './db/client.ts'
import { BUSY_RETRY_SECONDS, toPublicError } from './errors.ts'

describe('toPublicError', () => {
  it('answers 503 with Retry-After, not 500, when no database connection came free in time', () => {
    const busy = new Prisma.PrismaClientKnownRequestError('Transaction API error: Unable to start a transaction in the given time.', { code: 'P2028', clientVersion: Prisma.prismaVersion.client })
    expect(toPublicError(busy)).toEqual({ status: 503, code: 'unavailable', message: expect.stringContaining('nothing was saved'), retryAfterSeconds: BUSY_RETRY_SECONDS })
  })

  it('still answers 500 for an unknown database error', () => {
    const unknown = new Prisma.PrismaClientKnownRequestError('Something else', { code: 'P2010', clientVersion: Prisma.prismaVersion.client })
    expect(toPublicError(unknown).status).toBe(500)
  })
})
