// `syllabus web` answers a signed-in view's learner's part of the homework page itself (decision 033):
// `GET /api/courses/[slug]/homework/[homework]/learner` with a cookie, the one personal request of every
// view of the cached homework page, without Next.js's router (about half of that request's time). It
// is the route handler's answer (app/api/…/learner/route.ts) from the same code: the session cookie read
// as next-auth's `getToken` reads it from Next.js's `cookies()`, the same statement (which checks the
// session's version itself), the same JSON, Cache-Control and security headers. Anything else about
// the request (another method, an encoded or odd path, an unknown homework, any failure) goes to
// Next.js, which answers it as before.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { getToken } from 'next-auth/jwt'
import { parseCookie } from 'next/dist/compiled/@edge-runtime/cookies'
import { getEnv } from '../env.ts'
import { sessionClaimsOf, decodeSessionToken } from '../auth/session-token.ts'
import type { SessionClaims } from '../auth/session.ts'
import { NotFoundError } from '../errors.ts'
import { homeworkLearnerView } from '../learners/homework-learner.ts'
import { LEARNER_PART_HEADERS, VISITOR_PART_HEADERS } from './cache-headers.ts'
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from './security-headers.ts'

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void
const require = createRequire(import.meta.url)
/**
 * Next.js's own response compression (the `compression` middleware its server runs on every response,
 * as `next()`'s request handler does: gzip or deflate above 1 KB when the client accepts it, `Vary:
 * Accept-Encoding`), and its release of a stream a client left mid-response.
 */
const compress = (require('next/dist/compiled/compression') as () => Middleware)()
const { releaseCompressionStream } = require('next/dist/server/lib/release-compression-stream') as { releaseCompressionStream: (response: ServerResponse) => void }

/** A slug as the course files name them (course/schema.ts); anything else (`%`, `.`, `..`) is Next.js's to answer. */
const SLUG = '[A-Za-z0-9][A-Za-z0-9_-]*'
const LEARNER_PART = new RegExp(`^/api/courses/(${SLUG})/homework/(${SLUG})/learner(?:\\?.*)?$`)

/** The course and homework of a request for a learner's part this module answers, or null. */
export function learnerPartTarget(request: { method?: string; url?: string; headers: IncomingMessage['headers'] }): { courseSlug: string; homeworkSlug: string } | null {
  // Without a cookie the visitor's answer is the same for everyone: the page cache serves it.
  if (request.method !== 'GET' || request.headers.cookie === undefined) return null
  const match = request.url && request.url.length <= 2048 ? LEARNER_PART.exec(request.url) : null
  return match ? { courseSlug: match[1]!, homeworkSlug: match[2]! } : null
}

/**
 * The session claims in a Cookie header: next-auth's session cookie (in chunks or not) decrypted by
 * `getToken` as server/auth/session.ts reads it (only the cookie counts, no Authorization header), or null.
 */
export async function sessionClaimsInCookie(cookieHeader: string): Promise<SessionClaims | null> {
  const env = getEnv()
  const payload = await getToken({
    req: { cookies: parseCookie(cookieHeader), headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: env.NEXTAUTH_SECRET,
    decode: decodeSessionToken as Parameters<typeof getToken>[0]['decode'],
    secureCookie: env.NEXTAUTH_URL?.startsWith('https://') ?? false,
  })
  return sessionClaimsOf(payload)
}

/** The Vary Next.js puts on every App Router response (compression then adds Accept-Encoding). */
const NEXT_ROUTER_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'

/** The headers Next.js sends with the route's JSON (next.config.ts's `headers()` for the read-only routes, and the route's own). */
function partHeaders(signedIn: boolean, length: number): Record<string, string> {
  const { Vary: vary, ...part } = { Vary: undefined, ...(signedIn ? LEARNER_PART_HEADERS : VISITOR_PART_HEADERS) }
  return {
    'content-security-policy': contentSecurityPolicy(null),
    ...STATIC_SECURITY_HEADERS,
    ...part,
    // Next.js varies every App Router response on its client router's headers, then on the route's own.
    vary: [NEXT_ROUTER_VARY, vary].filter(Boolean).join(', '),
    'content-type': 'application/json',
    'content-length': String(length),
  }
}

/**
 * Answers the request if it is a learner's part this module answers (true), else leaves it untouched
 * (false) for Next.js. An unknown course or homework and any failure are left to Next.js too, so its
 * error envelope and logging stay the only ones.
 */
export async function answerLearnerPart(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const target = learnerPartTarget(request)
  if (!target) return false
  let body: string
  let signedIn: boolean
  try {
    const view = await homeworkLearnerView(await sessionClaimsInCookie(request.headers.cookie!), target.courseSlug, target.homeworkSlug)
    body = JSON.stringify(view)
    signedIn = view.signedIn
  } catch (error) {
    if (!(error instanceof NotFoundError)) console.error('The learner’s part was left to Next.js after a failure:', error)
    return false
  }
  const bytes = Buffer.from(body)
  compress(request, response, () => {})
  response.once('close', () => {
    if (!response.writableFinished) releaseCompressionStream(response)
  })
  response.writeHead(200, partHeaders(signedIn, bytes.length))
  response.end(bytes)
  return true
}
