// next-auth's session cookie (a JWE: `dir` + A256GCM, the key derived from NEXTAUTH_SECRET with HKDF),
// decrypted the way next-auth's own `decode` does, with the derived key kept: next-auth derives it
// again (HKDF) and jose imports it again on every call, and the session is read on every signed-in
// request. session-token.test.ts checks it against next-auth's encode and decode.
import { hkdf } from 'node:crypto'
import { jwtDecrypt, type JWTPayload } from 'jose'
import { SESSION_VERSION_CLAIM } from './session-revocation.ts'

/** next-auth's (v4) `getDerivedEncryptionKey` with its default empty salt. */
const KEY_INFO = 'NextAuth.js Generated Encryption Key'
/** next-auth's `decode` allows this much clock skew (seconds) on exp/nbf/iat. */
const CLOCK_TOLERANCE_SECONDS = 15

let derived: { secret: string; key: Promise<CryptoKey> } | undefined

function encryptionKey(secret: string): Promise<CryptoKey> {
  if (derived?.secret !== secret) {
    const key = new Promise<ArrayBuffer>((resolve, reject) => hkdf('sha256', secret, '', KEY_INFO, 32, (error, bits) => (error ? reject(error) : resolve(bits)))).then((bits) =>
      crypto.subtle.importKey('raw', bits, 'AES-GCM', false, ['decrypt']),
    )
    derived = { secret, key }
    // A failure is not kept: the next call derives again.
    key.catch(() => {
      if (derived?.key === key) derived = undefined
    })
  }
  return derived.key
}

/**
 * The claims of a session token next-auth issued with `secret` (its `decode`: same key, algorithms and
 * clock tolerance), or a rejection for anything else — a wrong key, a tampered or expired token.
 */
export async function decodeSessionToken({ token, secret }: { token?: string; secret: string | Buffer }): Promise<JWTPayload | null> {
  if (!token) return null
  const { payload } = await jwtDecrypt(token, await encryptionKey(String(secret)), {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  })
  return payload
}

/**
 * The user id and session version a decoded token claims (`getSessionClaims`), not yet checked against
 * the user's current version; null unless both are there.
 */
export function sessionClaimsOf(claims: { sub?: unknown; [SESSION_VERSION_CLAIM]?: unknown } | null): { userId: string; sessionVersion: number } | null {
  return typeof claims?.sub === 'string' && typeof claims[SESSION_VERSION_CLAIM] === 'number' ? { userId: claims.sub, sessionVersion: claims[SESSION_VERSION_CLAIM] } : null
}
