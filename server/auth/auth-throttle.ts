import 'server-only'
// Throttles sign-in and sign-up per account (the email) and per address (the client's IP), so a
// password cannot be guessed quickly from one place nor one account from many. Buckets live in
// PostgreSQL (server/rate-limit.ts), shared by every web instance. A refusal is a 429 with
// Retry-After. The per-account bucket lets someone slow down a victim's sign-in (never lock it for
// long: it refills); that is the accepted price of stopping guessing.
import { readEnv } from '../env.ts'
import { AppError } from '../errors.ts'
import { type RateLimit, takeRateLimitToken } from '../rate-limit.ts'

export type AuthAction = 'sign-in' | 'sign-up'

type AuthLimits = Record<AuthAction, { perAccount: RateLimit; perAddress: RateLimit }>

export const AUTH_RATE_LIMITS: AuthLimits = {
  // Five tries on one account, then one a minute; twenty from one address, then one every 15 s.
  'sign-in': { perAccount: { capacity: 5, refillPerSecond: 1 / 60 }, perAddress: { capacity: 20, refillPerSecond: 1 / 15 } },
  // Three tries for one email, then one every two minutes; thirty from one address (a classroom
  // behind one NAT), then one every 20 s.
  'sign-up': { perAccount: { capacity: 3, refillPerSecond: 1 / 120 }, perAddress: { capacity: 30, refillPerSecond: 1 / 20 } },
}

export class AuthThrottledError extends AppError {
  constructor(action: AuthAction, retryAfterSeconds: number) {
    super(
      'rate_limited',
      `Too many ${action === 'sign-in' ? 'sign-in attempts' : 'sign-ups'}. Please wait ${retryAfterSeconds} s and try again.`,
      {},
      retryAfterSeconds,
    )
  }
}

/**
 * The limits in force: SYLLABUS_AUTH_ADDRESS_BURST, when set, replaces both per-address capacities
 * (a classroom behind one NAT address signs in at once); the refill rates and per-account limits stay.
 */
export function authRateLimits(addressBurst = readEnv().SYLLABUS_AUTH_ADDRESS_BURST): AuthLimits {
  if (addressBurst === undefined) return AUTH_RATE_LIMITS
  const withBurst = ({ perAccount, perAddress }: AuthLimits[AuthAction]) => ({ perAccount, perAddress: { ...perAddress, capacity: addressBurst } })
  return { 'sign-in': withBurst(AUTH_RATE_LIMITS['sign-in']), 'sign-up': withBurst(AUTH_RATE_LIMITS['sign-up']) }
}

/**
 * The client's address: the first hop of X-Forwarded-For. `syllabus web` sets it to the one address it can
 * vouch for (server/http/client-address.ts); under `next dev` it is whatever the client or Next.js put there.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || 'unknown'
}

/** Takes one token from the account's and the address's buckets; throws AuthThrottledError (429) when either is empty. */
export async function throttleAuthAttempt(
  action: AuthAction,
  { email, address }: { email: string; address: string },
  limits = authRateLimits()[action],
): Promise<void> {
  const account = email.trim().toLowerCase().slice(0, 320)
  const decisions = await Promise.all([
    takeRateLimitToken(`${action}:address:${address.slice(0, 100)}`, limits.perAddress),
    ...(account ? [takeRateLimitToken(`${action}:account:${account}`, limits.perAccount)] : []),
  ])
  const waits = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]))
  if (waits.length > 0) throw new AuthThrottledError(action, Math.max(...waits))
}
