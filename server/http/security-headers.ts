// The security headers of every page (set by proxy.ts). Pages rendered per request get a
// Content-Security-Policy with a fresh nonce: Next.js reads it from the request's CSP header and puts
// it on its own scripts, so no other inline script runs. Pages prerendered at build time (course,
// week and lesson pages) and pages served from the ISR cache (home, homework and leaderboard pages)
// cannot carry a per-request nonce; they get a policy that allows this site's inline scripts instead
// ('unsafe-inline' without a nonce) and keep being served from the cache. They show course content from
// the course files, the calendar and the catalog; the only learner-written text on them is a leaderboard
// nickname (letters, digits, spaces, dots, dashes, underscores; rendered by React as text). A learner's
// own part arrives as JSON (docs/security.md).

/**
 * The prerendered content pages (app/courses/[slug], weeks/[week], weeks/[week]/[lesson]) and the cached
 * homework page, as Next.js route sources: each `:name` is one path segment.
 */
const PRERENDERED_PAGE_SOURCES = ['/', '/catalog/:snapshot', '/courses/:slug', '/courses/:slug/weeks/:week', '/courses/:slug/weeks/:week/:lesson', '/courses/:slug/homework/:homework', '/courses/:slug/leaderboard', '/courses/:slug/leaderboard/:page']
const routePattern = (source: string) => new RegExp(`^${source.replace(/:[a-z]+/g, '[^/]+')}/?$`)
const PRERENDERED_PAGES = PRERENDERED_PAGE_SOURCES.map(routePattern)
/**
 * Route handlers the proxy does not run for either: they export GET only (any other method is Next.js's
 * 405 before the handler), so there is no state-changing request to refuse, and they are read on every
 * view of a cached page (a homework page's learner's part, the leaderboard's viewer part).
 */
const READ_ONLY_ROUTE_SOURCES = ['/api/courses/:slug/homework/:homework/learner', '/api/courses/:slug/leaderboard/viewer']

/**
 * The headers of the prerendered and cached pages and the read-only routes, which the proxy does not
 * see (its matcher skips them): for next.config.ts's `headers()`.
 */
export function prerenderedPageHeaders({ development = false } = {}) {
  const headers = [{ key: 'Content-Security-Policy', value: contentSecurityPolicy(null, { development }) }, ...Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }))]
  return [...PRERENDERED_PAGE_SOURCES, ...READ_ONLY_ROUTE_SOURCES].map((source) => ({ source, headers }))
}

export function isPrerenderedPage(pathname: string): boolean {
  return PRERENDERED_PAGES.some((page) => page.test(pathname))
}

const READ_ONLY_ROUTES = READ_ONLY_ROUTE_SOURCES.map(routePattern)

/** The pages and read-only routes whose responses may be the same for everyone: the only ones the shared page cache asks Next.js about. */
export function isSharedRoute(pathname: string): boolean {
  return isPrerenderedPage(pathname) || READ_ONLY_ROUTES.some((route) => route.test(pathname))
}

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}

/** The CSP for one response: with `nonce` for a page rendered now, without for a prerendered one. */
export function contentSecurityPolicy(nonce: string | null, { development = false } = {}): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : `'self' 'unsafe-inline'`
  return [
    `default-src 'self'`,
    `script-src ${scripts}${development ? ` 'unsafe-eval'` : ''}`,
    // React sets style attributes (e.g. progress bars); styles cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data: https:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ')
}

/** Headers set on every response besides the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
}
