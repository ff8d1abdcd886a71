// Token buckets kept in PostgreSQL, so every web instance draws from the same bucket. A bucket holds
// up to `capacity` tokens and refills at `refillPerSecond`; each call takes one. One statement does
// refill-and-take atomically (the row lock of ON CONFLICT serialises concurrent calls).
import { z } from 'zod'
import { db } from './db/client.ts'

export const rateLimitSchema = z.object({
  capacity: z.number().positive(),
  refillPerSecond: z.number().positive(),
})
export type RateLimit = z.infer<typeof rateLimitSchema>

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }

export async function takeRateLimitToken(key: string, limit: RateLimit): Promise<RateLimitDecision> {
  const { capacity, refillPerSecond } = rateLimitSchema.parse(limit)
  const taken = await db.$queryRaw<{ tokens: number }[]>`
    INSERT INTO "RateLimitBucket" AS bucket ("key", "tokens", "refilledAt")
    VALUES (${key}, ${capacity - 1}::float8, now())
    ON CONFLICT ("key") DO UPDATE
      SET "tokens" = LEAST(${capacity}::float8, bucket."tokens" + extract(epoch FROM now() - bucket."refilledAt")::float8 * ${refillPerSecond}::float8) - 1,
          "refilledAt" = now()
      WHERE LEAST(${capacity}::float8, bucket."tokens" + extract(epoch FROM now() - bucket."refilledAt")::float8 * ${refillPerSecond}::float8) >= 1
    RETURNING "tokens"`
  if (taken[0]) return { allowed: true, remaining: Math.floor(taken[0].tokens) }
  const [bucket] = await db.$queryRaw<{ tokens: number }[]>`
    SELECT LEAST(${capacity}::float8, "tokens" + extract(epoch FROM now() - "refilledAt")::float8 * ${refillPerSecond}::float8) AS tokens
      FROM "RateLimitBucket" WHERE "key" = ${key}`
  const missing = 1 - (bucket?.tokens ?? 0)
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / refillPerSecond)) }
}
