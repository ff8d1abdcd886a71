import { mkdtemp, readFile, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../env.ts'
import { CREDENTIAL_CONTEXT, signCredential, verifyCredential, type CredentialInput } from './credential.ts'
import { KEY_FILE_NAME, loadSigningKey, SigningKeyError } from './signing-key.ts'

const input: CredentialInput = {
  verificationCode: 'abcdefghjkmnpqrstuvw',
  recipientName: 'Zoë Łukasiewicz',
  issuedAt: new Date('2026-03-20T10:00:00Z'),
  course: { slug: 'data-engineering-zoomcamp', title: 'Data Engineering Zoomcamp', summary: 'A free course.' },
  criteria: "The learner passed the final project and reviewed 3 peers' projects.",
}
const base = 'https://courses.example.org'
let dataDir: string
const env = () => parseEnv({ ...process.env, SYLLABUS_DATA_DIR: dataDir, SYLLABUS_CREDENTIAL_KEY: '' })

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-key-'))
})

describe('the signing key', () => {
  it('is generated once into the data folder, private to its owner, and reused', async () => {
    const first = await loadSigningKey(env())
    const file = path.join(dataDir, KEY_FILE_NAME)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
    const again = await loadSigningKey(env())
    expect(again.kid).toBe(first.kid)
    expect(first.publicJwk).not.toHaveProperty('d')
    expect(first.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: first.kid })
  })

  it('is taken from SYLLABUS_CREDENTIAL_KEY when given, and a bad value is refused clearly', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const jwk = await exportJWK(privateKey)
    const fromEnv = await loadSigningKey(parseEnv({ ...process.env, SYLLABUS_CREDENTIAL_KEY: JSON.stringify(jwk) }))
    expect(fromEnv.publicJwk.x).toBe(jwk.x)
    await expect(loadSigningKey(parseEnv({ ...process.env, SYLLABUS_CREDENTIAL_KEY: 'not json' }))).rejects.toBeInstanceOf(SigningKeyError)
    const { x } = jwk
    await expect(loadSigningKey(parseEnv({ ...process.env, SYLLABUS_CREDENTIAL_KEY: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x }) }))).rejects.toThrow(
      /Ed25519 private key/,
    )
  })
})

describe('the Open Badges 3.0 credential', () => {
  it('verifies with the published key and carries the OB 3.0 shape', async () => {
    const key = await loadSigningKey(env())
    const jwt = await signCredential(input, key, base)
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.kid })
    // What a verifier does: fetch the JWKS once (serialised here as JSON, as the route serves it), then check offline.
    const published = JSON.parse(JSON.stringify({ keys: [key.publicJwk] }))
    const { credential } = await verifyCredential(jwt, published)
    expect(credential['@context']).toEqual(CREDENTIAL_CONTEXT)
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(credential.id).toBe(`${base}/verify/${input.verificationCode}`)
    expect(credential.jti).toBe(credential.id)
    expect(credential.iss).toBe(base)
    expect(credential.nbf).toBe(Date.parse('2026-03-20T10:00:00Z') / 1000)
    expect(credential.validFrom).toBe('2026-03-20T10:00:00.000Z')
    expect(credential.credentialSubject.identifier[0]!.identityHash).toBe('Zoë Łukasiewicz')
    expect(credential.credentialSubject.achievement.name).toBe('Data Engineering Zoomcamp')
    // The recipient is named, nothing more: no account id, no email.
    expect(Object.keys(credential.credentialSubject).sort()).toEqual(['achievement', 'identifier', 'type'])
  })

  it('fails when any one byte of the token changes', async () => {
    const key = await loadSigningKey(env())
    const jwt = await signCredential(input, key, base)
    const published = { keys: [key.publicJwk] }
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    // Change one character of the payload (the name), of the signature, and of the header.
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
    for (const tampered of [
      `${header}.${flip(payload, Math.floor(payload.length / 2))}.${signature}`,
      `${header}.${payload}.${flip(signature, 10)}`,
      `${flip(header, 5)}.${payload}.${signature}`,
    ]) {
      expect(tampered).not.toBe(jwt)
      await expect(verifyCredential(tampered, published)).rejects.toThrow()
    }
    // A credential re-signed by another key is refused too.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const forged = await signCredential(input, { ...key, privateKey }, base)
    await expect(verifyCredential(forged, published)).rejects.toThrow(/signature/)
  })
})
