// The Ed25519 key that signs Open Badges credentials. Taken from SYLLABUS_CREDENTIAL_KEY (a private JWK),
// else read from the data folder, else generated there once (mode 0600). Its public half is published at
// /.well-known/jwks.json so anyone can verify a credential offline.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { z } from 'zod'
import { getEnv } from '../env.ts'

export const CREDENTIAL_ALGORITHM = 'EdDSA'
export const KEY_FILE_NAME = 'credential-signing-key.json'

const privateEd25519Jwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
})

export class SigningKeyError extends Error {}

export interface SigningKey {
  privateKey: CryptoKey
  /** The public half, with `kid`, `alg` and `use`: what the JWKS lists. */
  publicJwk: JWK & { kid: string }
  kid: string
}

async function fromJwk(jwk: unknown, source: string): Promise<SigningKey> {
  const parsed = privateEd25519Jwk.safeParse(jwk)
  if (!parsed.success) throw new SigningKeyError(`${source} is not an Ed25519 private key in JWK form ({"kty":"OKP","crv":"Ed25519","x":…,"d":…}).`)
  const { kty, crv, x, d } = parsed.data
  const privateKey = (await importJWK({ kty, crv, x, d }, CREDENTIAL_ALGORITHM)) as CryptoKey
  const kid = await calculateJwkThumbprint({ kty, crv, x })
  return { privateKey, kid, publicJwk: { kty, crv, x, kid, alg: CREDENTIAL_ALGORITHM, use: 'sig' } }
}

async function readOrCreateKeyFile(file: string): Promise<unknown> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (existing !== null) return JSON.parse(existing)
  const { privateKey } = await generateKeyPair(CREDENTIAL_ALGORITHM, { crv: 'Ed25519', extractable: true })
  const jwk = await exportJWK(privateKey)
  await mkdir(path.dirname(file), { recursive: true })
  try {
    // `wx`: if two processes generate at once, the first file wins and the other reads it.
    await writeFile(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' })
    return jwk
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(await readFile(file, 'utf8'))
    throw error
  }
}

export async function loadSigningKey(env = getEnv()): Promise<SigningKey> {
  if (env.SYLLABUS_CREDENTIAL_KEY) {
    let jwk: unknown
    try {
      jwk = JSON.parse(env.SYLLABUS_CREDENTIAL_KEY)
    } catch {
      throw new SigningKeyError('SYLLABUS_CREDENTIAL_KEY is not JSON: give the private key as a JWK.')
    }
    return fromJwk(jwk, 'SYLLABUS_CREDENTIAL_KEY')
  }
  const file = path.resolve(env.SYLLABUS_DATA_DIR, KEY_FILE_NAME)
  return fromJwk(await readOrCreateKeyFile(file), file)
}

let cached: Promise<SigningKey> | undefined

/** The process's signing key, loaded once. */
export function getSigningKey(): Promise<SigningKey> {
  cached ??= loadSigningKey().catch((error) => {
    cached = undefined
    throw error
  })
  return cached
}

/** What /.well-known/jwks.json serves. */
export async function publishedKeySet(): Promise<{ keys: (JWK & { kid: string })[] }> {
  return { keys: [(await getSigningKey()).publicJwk] }
}
