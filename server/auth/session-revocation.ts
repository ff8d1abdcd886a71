// Sessions are next-auth JWTs, which a server cannot take back by itself: a copied token would work
// until it expires (30 days). So every token carries the user's session version at sign-in, signing
// out raises the version, and a token of an older version is refused wherever a session is read.
// Signing out therefore ends every session of that account, on every device.
import { db } from '../db/client.ts'

/** The claim the version travels in, inside the signed JWT and the session next-auth builds from it. */
export const SESSION_VERSION_CLAIM = 'sessionVersion'

/** The version a token issued now carries; null when the account is gone. */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } })
  return user?.sessionVersion ?? null
}

/** Ends every session of the user issued so far (sign-out). */
export async function revokeSessions(userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } })
}

/** Whether a token's claims still name a live session: the account exists and the version is current. */
export async function isSessionCurrent(claims: { sub?: unknown; [SESSION_VERSION_CLAIM]?: unknown }): Promise<boolean> {
  if (typeof claims.sub !== 'string' || typeof claims[SESSION_VERSION_CLAIM] !== 'number') return false
  return (await currentSessionVersion(claims.sub)) === claims[SESSION_VERSION_CLAIM]
}
