// Runs before every request (Next.js 16's proxy, formerly middleware): refuses cross-site or
// malformed state-changing requests before a route handler or server action sees them, and sets
// the security headers (a per-request CSP nonce on pages rendered per request).
import { type NextRequest, NextResponse } from 'next/server'
import { readEnv } from './server/env.ts'
import { refusalResponse, refuseStateChangingRequest } from './server/http/request-guards.ts'
import { contentSecurityPolicy, isPrerenderedPage, newNonce, STATIC_SECURITY_HEADERS } from './server/http/security-headers.ts'

// React needs eval in development only (error stacks); never in production.
const development = readEnv().NODE_ENV === 'development'
// The nonce-less policy is the same for every response: built once.
const prerenderedPolicy = contentSecurityPolicy(null, { development })

export function proxy(request: NextRequest) {
  const refusal = refuseStateChangingRequest({
    method: request.method,
    pathname: request.nextUrl.pathname,
    siteOrigin: request.nextUrl.origin,
    headers: request.headers,
  })
  if (refusal) return withSecurityHeaders(refusalResponse(refusal), prerenderedPolicy)

  // A prerendered page is served from the build as it is: nothing to tell the renderer.
  if (isPrerenderedPage(request.nextUrl.pathname)) return withSecurityHeaders(NextResponse.next(), prerenderedPolicy)
  const nonce = newNonce()
  const policy = contentSecurityPolicy(nonce, { development })
  const requestHeaders = new Headers(request.headers)
  // Next.js finds the nonce in the request's CSP header and puts it on the scripts it renders.
  requestHeaders.set('content-security-policy', policy)
  requestHeaders.set('x-nonce', nonce)
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy)
}

function withSecurityHeaders<T extends Response>(response: T, policy: string): T {
  response.headers.set('Content-Security-Policy', policy)
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value)
  return response
}

export const config = {
  // Static build assets need no checks. The cached content pages (home, course, week, lesson, homework and
  // leaderboard pages: the same for everyone, see server/http/security-headers.ts) are served without the proxy —
  // running it costs each request more than serving the page — and get their headers from
  // next.config.ts; a server action posted to one of them still comes here. Their learner's parts
  // (GET-only route handlers read on every view) are skipped too. Every other page, route handler and
  // action comes here. (Next.js reads this literal at build time; hostile-web.test.ts checks it.)
  matcher: [
    '/((?!$|catalog/[^/]+/?$|_next/static|_next/image|favicon.ico|courses/[^/]+/?$|courses/[^/]+/weeks/|courses/[^/]+/homework/[^/]+/?$|courses/[^/]+/leaderboard/?$|courses/[^/]+/leaderboard/[^/]+/?$|api/courses/[^/]+/homework/[^/]+/learner/?$|api/courses/[^/]+/leaderboard/viewer/?$).*)',
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
  ],
}
