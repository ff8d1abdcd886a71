// The address the sign-in throttle counts is the connection's, not one the client writes: a real HTTP
// server stamps each request as `syllabus web` does, and requests over loopback say what they like.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { stampClientAddress, trustProxy, type TrustProxy } from './client-address.ts'
import { clientAddress } from '../auth/auth-throttle.ts'
import { processEnvSchema } from '../env.ts'

let server: http.Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** Starts a server that stamps like `syllabus web` and answers with the address the throttle would count. */
async function addressSeenWith(trust: TrustProxy, headers: Record<string, string>): Promise<string> {
  server = http.createServer((request, response) => {
    stampClientAddress(request, trust)
    const seen = new Headers()
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') seen.set(name, value)
    response.end(clientAddress(seen))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers })
  return response.text()
}

describe('the client address behind syllabus web', () => {
  it('is the peer, whatever X-Forwarded-For or X-Real-IP the client sends, when no proxy is trusted', async () => {
    expect(await addressSeenWith(trustProxy(undefined), { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '198.51.100.1' })).toBe('127.0.0.1')
    expect(await addressSeenWith(trustProxy('0'), { 'x-forwarded-for': '203.0.113.8' })).toBe('127.0.0.1')
    expect(await addressSeenWith(trustProxy(undefined), {})).toBe('127.0.0.1')
  })

  it('behind a trusted proxy is the address that proxy saw, and no further', async () => {
    // The proxy (here: loopback) appends the client it saw; what the client wrote before it stays untrusted.
    const chain = { 'x-forwarded-for': '203.0.113.7, 198.51.100.23' }
    expect(await addressSeenWith(trustProxy('loopback'), chain)).toBe('198.51.100.23')
    expect(await addressSeenWith(trustProxy('1'), chain)).toBe('198.51.100.23')
    expect(await addressSeenWith(trustProxy('2'), chain)).toBe('203.0.113.7')
    expect(await addressSeenWith(trustProxy('10.0.0.0/8'), chain)).toBe('127.0.0.1')
  })

  it('refuses a setting proxy-addr cannot read, naming the variable', () => {
    expect(() => trustProxy('not-an-address')).toThrow()
    const parsed = processEnvSchema.safeParse({ SYLLABUS_TRUST_PROXY: 'proxy.example' })
    expect(parsed.success).toBe(false)
    expect(JSON.stringify(parsed.error?.issues)).toContain('SYLLABUS_TRUST_PROXY')
    expect(processEnvSchema.parse({ SYLLABUS_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).SYLLABUS_TRUST_PROXY).toBe('loopback, 10.0.0.0/8')
  })
})
