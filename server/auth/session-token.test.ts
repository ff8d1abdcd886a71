// The session cookie decoded with a kept key must accept exactly what next-auth's own decode accepts.
import { decode, encode } from 'next-auth/jwt'
import { describe, expect, it } from 'vitest'
import { decodeSessionToken } from './session-token.ts'

const SECRET = 'a test secret of some length, 32+ characters'

describe('decodeSessionToken', () => {
  it('reads what next-auth encodes, as next-auth decodes it', async () => {
    const token = await encode({ token: { sub: 'user-1', sessionVersion: 3 }, secret: SECRET })
    const ours = await decodeSessionToken({ token, secret: SECRET })
    expect(ours).toEqual(await decode({ token, secret: SECRET }))
    expect(ours).toMatchObject({ sub: 'user-1', sessionVersion: 3 })
    // The key is kept: a second read gives the same.
    expect(await decodeSessionToken({ token, secret: SECRET })).toEqual(ours)
  })

  it('refuses a token of another secret, a tampered one and an expired one', async () => {
    const token = await encode({ token: { sub: 'user-1', sessionVersion: 0 }, secret: SECRET })
    await expect(decodeSessionToken({ token, secret: `${SECRET}-other` })).rejects.toThrow()
    // The key follows the secret: the first one still works after another was asked for.
    expect(await decodeSessionToken({ token, secret: SECRET })).toMatchObject({ sub: 'user-1' })
    const parts = token.split('.')
    const ciphertext = parts[3]!
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1)
    await expect(decodeSessionToken({ token: parts.join('.'), secret: SECRET })).rejects.toThrow()
    const expired = await encode({ token: { sub: 'user-1', sessionVersion: 0 }, secret: SECRET, maxAge: -60 })
    await expect(decode({ token: expired, secret: SECRET })).rejects.toThrow()
    await expect(decodeSessionToken({ token: expired, secret: SECRET })).rejects.toThrow()
    expect(await decodeSessionToken({ token: '', secret: SECRET })).toBeNull()
  })
})
