import 'server-only'
// Where to go after signing in (or out). A target is resolved against the site's origin the way a
// browser would, and kept only when it stays on that origin. Control characters are refused outright:
// browsers strip tabs and newlines from URLs, so `/\t/evil.example` becomes `//evil.example` — another
// host — once the browser has cleaned it up, although it looks like a path here.

/** Any origin works for resolving paths; `.invalid` can never be a real host. */
const PLACEHOLDER_ORIGIN = 'https://redirect-check.invalid'
const MAX_TARGET_LENGTH = 2048
// C0 controls, DEL, C1 controls, and the backslash browsers treat as a slash.
// eslint-disable-next-line no-control-regex
const REFUSED_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/

/** `target` as an absolute URL on `origin`, or null when it would leave that origin or is malformed. */
export function sameOriginUrl(target: unknown, origin: string): URL | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_TARGET_LENGTH) return null
  if (REFUSED_CHARACTERS.test(target)) return null
  let base: URL
  let resolved: URL
  try {
    base = new URL(origin)
    resolved = new URL(target, base)
  } catch {
    return null
  }
  if (resolved.origin !== base.origin) return null
  // `username:password@` cannot appear on a same-origin URL, but a path like `/@evil` is fine.
  return resolved
}

/** A same-site path (with query and fragment) to go to after signing in; anything else becomes `fallback`. */
export function safeRedirect(target: unknown, fallback = '/me'): string {
  // Only paths: a full URL naming our own origin is refused too, since this side does not know it.
  if (typeof target !== 'string' || !target.startsWith('/')) return fallback
  const resolved = sameOriginUrl(target, PLACEHOLDER_ORIGIN)
  return resolved ? `${resolved.pathname}${resolved.search}${resolved.hash}` : fallback
}

/**
 * next-auth's `redirect` callback: a callbackUrl that stays on the site, or the site's home.
 * Never throws — a malformed callbackUrl is a redirect home, not a 500.
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const resolved = sameOriginUrl(url, baseUrl)
  return resolved ? resolved.toString() : baseUrl
}
