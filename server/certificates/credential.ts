// A certificate as an Open Badges 3.0 credential: a W3C Verifiable Credential (data model 2.0) of type
// OpenBadgeCredential, secured as a VC-JWT (the credential's members are the JWT payload, with the
// registered claims iss, jti and nbf, as Open Badges 3.0 §8.2 describes) and signed with Ed25519 (EdDSA).
import { createLocalJWKSet, SignJWT, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import { CREDENTIAL_ALGORITHM, type SigningKey } from './signing-key.ts'
import { verificationUrl } from './site-url.ts'

export const CREDENTIAL_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']

export interface CredentialInput {
  verificationCode: string
  recipientName: string
  issuedAt: Date
  course: { slug: string; title: string; summary: string }
  /** What earned it, in a sentence (from the course's certification rules). */
  criteria: string
}

export function openBadgeCredential(input: CredentialInput, base: string) {
  const id = verificationUrl(input.verificationCode, base)
  return {
    '@context': CREDENTIAL_CONTEXT,
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: base, type: ['Profile'], name: 'Syllabus', url: base },
    validFrom: input.issuedAt.toISOString(),
    name: `${input.course.title}: certificate of completion`,
    credentialSubject: {
      type: ['AchievementSubject'],
      // The recipient by name only (no email, no account id): what the certificate itself shows.
      identifier: [{ type: 'IdentityObject', identityType: 'name', identityHash: input.recipientName, hashed: false }],
      achievement: {
        id: `${base}/courses/${input.course.slug}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.course.title,
        description: input.course.summary,
        criteria: { narrative: input.criteria },
      },
    },
  }
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>

export async function signCredential(input: CredentialInput, key: SigningKey, base: string): Promise<string> {
  const credential = openBadgeCredential(input, base)
  return new SignJWT(credential as unknown as JWTPayload)
    .setProtectedHeader({ alg: CREDENTIAL_ALGORITHM, typ: 'vc+jwt', kid: key.kid })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(input.issuedAt.getTime() / 1000))
    .sign(key.privateKey)
}

/** Verifies a VC-JWT against a published key set (what a third party does offline); throws when anything is off. */
export async function verifyCredential(jwt: string, keySet: JSONWebKeySet) {
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(keySet), {
    algorithms: [CREDENTIAL_ALGORITHM],
    typ: 'vc+jwt',
  })
  return { credential: payload as unknown as OpenBadgeCredential & JWTPayload, kid: protectedHeader.kid }
}
