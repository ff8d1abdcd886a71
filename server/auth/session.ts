import 'server-only'
// Guards that read as sentences: `get…` returns null, `require…` redirects or throws.
import { getServerSession } from 'next-auth'
import { forbidden, redirect } from 'next/navigation'
import { connection } from 'next/server'
import { cache } from 'react'
import { db } from '../db/client.ts'
import { ForbiddenError, UnauthenticatedError } from '../errors.ts'
import { authOptions } from './options.ts'
import { userCan, type Permission } from './permissions.ts'

/** The signed-in user, read once per request; null when signed out or the account is gone. */
export const getUser = cache(async () => {
  await connection() // a page that reads the session is rendered per request, never at build time
  const session = await getServerSession(authOptions())
  const id = (session?.user as { id?: string } | undefined)?.id
  if (!id) return null
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, image: true } })
})

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
