// Whose address a request comes from, for the per-address sign-in and sign-up throttles
// (server/auth/auth-throttle.ts). Next.js keeps an X-Forwarded-For the client sent (it only fills the
// header when it is missing), so a client could name a new address on every request and never meet the
// per-address limit. `syllabus web` therefore replaces the header, before Next.js sees the request, with
// the one address it can vouch for: the connection's peer, or — behind proxies the operator trusts
// (SYLLABUS_TRUST_PROXY) — the nearest address in the chain that no trusted proxy added. proxy-addr is
// the library Express uses for the same decision.
import type { IncomingMessage } from 'node:http'
import proxyaddr from 'proxy-addr'

export type TrustProxy = (address: string, hop: number) => boolean

/**
 * The proxies to trust, from SYLLABUS_TRUST_PROXY: unset or `0` trusts none (the peer is the client);
 * a whole number N trusts the N nearest hops; otherwise a comma-separated list of addresses, subnets
 * (`10.0.0.0/8`) and proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`).
 * Throws on a value proxy-addr cannot read.
 */
export function trustProxy(setting: string | undefined): TrustProxy {
  const value = setting?.trim() ?? ''
  if (value === '' || value === '0') return () => false
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return proxyaddr.compile(value.split(',').map((part) => part.trim()).filter(Boolean))
}

/**
 * Sets X-Forwarded-For to the client's address as `trust` decides it, and removes X-Real-IP, so that
 * nothing downstream reads an address the client wrote itself.
 */
export function stampClientAddress(request: IncomingMessage, trust: TrustProxy): void {
  const address = request.socket.remoteAddress ? proxyaddr(request, trust) : 'unknown'
  request.headers['x-forwarded-for'] = address
  delete request.headers['x-real-ip']
}
