import 'server-only'
// Guards that read as sentences: `get…` returns null, `require…` redirects or throws.
import type { Session } from 'next-auth'
import { getToken } from 'next-auth/jwt'
import { cookies } from 'next/headers'
import { forbidden, notFound, redirect } from 'next/navigation'
import { connection } from 'next/server'
import { cache } from 'react'
import { db } from '../db/client.ts'
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.ts'
import { getEnv } from '../env.ts'
import { SESSION_VERSION_CLAIM } from './session-revocation.ts'
import { decodeSessionToken, sessionClaimsOf } from './session-token.ts'
import { courseRoleCan, type CoursePermission } from '../staff/course-permissions.ts'
import { courseAccessFor, type CourseAccess } from '../staff/course-staff.ts'
import { userCan, type Permission } from './permissions.ts'

/** The signed-in user, read once per request; null when signed out, revoked, or the account is gone. */
export const getUser = cache(async () => userOfClaims(await sessionClaims()))

/** A session's claims as the guards check them: the user id and the session version it was issued at. */
export interface SessionClaims {
  userId: string
  sessionVersion: number
}

/**
 * The request's session claims, decrypted and unexpired but **not yet checked against the user's
 * current session version**: for a reader that checks the version itself, in the same statement as
 * what it reads (the homework page's learner's part); everything else uses getUser.
 */
export const getSessionClaims = cache(async (): Promise<SessionClaims | null> => {
  return sessionClaimsOf(await sessionClaims())
})

const sessionClaims = cache(async () => {
  await connection() // a page that reads the session is rendered per request, never at build time
  return sessionToken()
})

/**
 * The claims of the request's session cookie, decrypted and checked for expiry with next-auth's own
 * `getToken` (the cookie next-auth sets, in chunks or not), or null. This is what getServerSession
 * reads, without the rest of its work per request: its `jwt` callback's second read of the session
 * version (userOfClaims checks it) and the re-encryption of a refreshed cookie a page cannot set.
 * Only the cookie counts, as with getServerSession: no Authorization header.
 */
async function sessionToken() {
  const env = getEnv()
  return getToken({
    req: { cookies: await cookies(), headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: env.NEXTAUTH_SECRET,
    // next-auth's own decode, with its derived key kept rather than derived again per request.
    decode: decodeSessionToken as Parameters<typeof getToken>[0]['decode'],
    // next-auth names the cookie __Secure-… when the site is served over https (its NEXTAUTH_URL).
    secureCookie: env.NEXTAUTH_URL?.startsWith('https://') ?? false,
  })
}

/**
 * The user a session names, if its token is still current: the version it was issued at must be the
 * user's (sign-out raises it), so a copied token is refused here even if it got past next-auth.
 */
export async function userOfSession(session: Session | null) {
  const user = session?.user as { id?: unknown; [SESSION_VERSION_CLAIM]?: unknown } | undefined
  return userOfClaims(user ? { sub: user.id, [SESSION_VERSION_CLAIM]: user[SESSION_VERSION_CLAIM] } : null)
}

/** The same check on a decoded session token: its subject is the user id (next-auth's `sub`). */
async function userOfClaims(claims: { sub?: unknown; [SESSION_VERSION_CLAIM]?: unknown } | null) {
  if (typeof claims?.sub !== 'string' || typeof claims[SESSION_VERSION_CLAIM] !== 'number') return null
  return db.user.findFirst({
    where: { id: claims.sub, sessionVersion: claims[SESSION_VERSION_CLAIM] },
    select: { id: true, email: true, name: true, role: true, image: true },
  })
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUser>>>

export async function requireUser(redirectTo = '/'): Promise<SessionUser> {
  const user = await getUser()
  if (!user) redirect(`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`)
  return user
}

export async function requireAnonymous(redirectTo = '/me') {
  if (await getUser()) redirect(redirectTo)
}

/** Signed in and allowed; otherwise the sign-in page or the 403 page. */
export async function requireUserWithPermission(permission: Permission, redirectTo = '/'): Promise<SessionUser> {
  const user = await requireUser(redirectTo)
  if (!userCan(user, permission)) forbidden()
  return user
}

// Twins of the guards above for route handlers and server actions: they throw into the error
// envelope (401 / 403) instead of redirecting, so a client gets JSON it can read.

/** The signed-in user, or an UnauthenticatedError (401). */
export async function requireApiUser(message?: string): Promise<SessionUser> {
  const user = await getUser()
  if (!user) throw new UnauthenticatedError(message)
  return user
}

/** The signed-in user holding `permission`; otherwise 401 or ForbiddenError (403). */
export async function requireApiPermission(permission: Permission): Promise<SessionUser> {
  const user = await requireApiUser()
  if (!userCan(user, permission)) throw new ForbiddenError()
  return user
}

/**
 * Signed in, and staff of this course (or an admin) with the permission; otherwise the sign-in page,
 * the 404 page (no such course) or the 403 page. Every instructor page starts with it.
 */
export async function requireCourseStaff(
  courseSlug: string,
  permission: CoursePermission = 'view:cohort',
  redirectTo = `/courses/${courseSlug}/instructor`,
): Promise<SessionUser & { access: CourseAccess }> {
  const user = await requireUser(redirectTo)
  const access = await courseAccessFor(user, courseSlug)
  if (!access) {
    if (!(await db.course.findUnique({ where: { slug: courseSlug }, select: { id: true } }))) notFound()
    forbidden()
  }
  if (!courseRoleCan(access.role, permission)) forbidden()
  return { ...user, access }
}

/** The throwing twin for server actions and route handlers: errors map to 401 / 403 / 404 in one place. */
export async function requireApiCourseStaff(courseSlug: string, permission: CoursePermission = 'view:cohort') {
  const user = await requireApiUser()
  const access = await courseAccessFor(user, courseSlug)
  if (!access) {
    if (!(await db.course.findUnique({ where: { slug: courseSlug }, select: { id: true } }))) throw new NotFoundError(`The course "${courseSlug}"`)
    throw new ForbiddenError('Only the staff of this course can do that.')
  }
  if (!courseRoleCan(access.role, permission)) throw new ForbiddenError('Your role on this course does not allow that.')
  return { ...user, access }
}
