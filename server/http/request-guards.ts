// Checks every state-changing request passes before any route handler or server action runs
// (called from proxy.ts): the browser's Origin must be this site's, a route handler takes JSON
// only, and a server action's body has a size cap. A refusal is the one error envelope, never a 500
// from deep inside Next.js.
import { AppError, toPublicError } from '../errors.ts'

/** Next.js's own cap on a server action's body (serverActions.bodySizeLimit). */
export const MAX_SERVER_ACTION_BODY_BYTES = 1024 * 1024

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Route handlers that take forms, not JSON: next-auth's sign-in and sign-out posts. */
const FORM_ROUTES = [/^\/api\/auth\//]

export interface GuardedRequest {
  method: string
  /** The path of the request, e.g. `/api/submissions`. */
  pathname: string
  /** This site's origin as the server sees it, e.g. `http://localhost:3000`. */
  siteOrigin: string
  headers: Headers
}

/**
 * Whether a browser's Origin names this site. Like Next.js's own server-action check, the host is
 * compared (with X-Forwarded-Host behind a reverse proxy that terminates TLS, where the scheme the
 * server sees differs from the browser's).
 */
function isOwnOrigin(origin: string, request: GuardedRequest): boolean {
  if (origin === request.siteOrigin) return true
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return false
  }
  const ownHosts = [request.headers.get('x-forwarded-host')?.split(',')[0]?.trim(), request.headers.get('host'), new URL(request.siteOrigin).host]
  return ownHosts.some((own) => own && own.toLowerCase() === host.toLowerCase())
}

function isServerAction(request: GuardedRequest) {
  return request.headers.has('next-action')
}

/**
 * The refusal for a state-changing request that must not reach the app, or null to let it through.
 * A missing Origin is allowed (API clients such as curl send none and carry no ambient cookies of a
 * victim); a present one must be this site's — browsers always send it on cross-site posts.
 */
export function refuseStateChangingRequest(request: GuardedRequest): AppError | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null
  const origin = request.headers.get('origin')
  if (origin !== null && !isOwnOrigin(origin, request)) {
    return new AppError('forbidden', 'This request came from another site and was refused.')
  }
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    return new AppError('forbidden', 'This request came from another site and was refused.')
  }
  const length = Number(request.headers.get('content-length') ?? 0)
  if (isServerAction(request)) {
    if (Number.isFinite(length) && length > MAX_SERVER_ACTION_BODY_BYTES) {
      return new AppError('too_large', `The form is larger than ${MAX_SERVER_ACTION_BODY_BYTES / 1024 / 1024} MB.`)
    }
    return null
  }
  if (request.pathname.startsWith('/api/') && !FORM_ROUTES.some((route) => route.test(request.pathname))) {
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    // A POST without a body (e.g. enrolling) needs no type; one with a body must say it is JSON.
    const hasBody = length > 0 || request.headers.has('transfer-encoding')
    if (hasBody && type !== 'application/json') {
      return new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).')
    }
  }
  return null
}

/** The envelope and status of a refusal, for a Response built outside the route handlers. */
export function refusalResponse(error: AppError): Response {
  const { status, ...body } = toPublicError(error)
  return Response.json({ error: body }, { status })
}
