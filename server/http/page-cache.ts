// The web process's shared response cache (decision 026): what a reverse proxy's cache does in front of
// Next.js, inside `syllabus web`. Next.js marks the responses that are the same for everyone — the
// prerendered and ISR content pages, a visitor's part of a homework page — with `s-maxage`; this
// keeps each as bytes for at most a second (then a few more while it fetches it again, never longer
// than its Cache-Control allows) and answers repeats without running Next.js's router and renderer
// again. Everything else (a learner's own data, server actions, pages rendered per request, streams)
// goes to Next.js as before.
//
// What is stored is only ever fetched by the cache itself, without the asker's cookies or credentials
// (`fill`), so no one's private response can be stored; a response is kept only when Next.js says a
// shared cache may keep it and it carries nothing per response (no Set-Cookie, no CSP nonce).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { isSharedRoute } from './security-headers.ts'

/** A stored response: what is written back on a hit. */
export interface StoredResponse {
  status: number
  /** Header name/value pairs as received (hop-by-hop headers removed). */
  headers: [string, string][]
  body: Buffer
}

/** What a fill saw: the response, or why it cannot be kept. */
export type FillResult = { kind: 'stored'; response: StoredResponse; freshMs: number; servableMs: number; varyCookie: boolean } | { kind: 'not-shared' }

interface Entry {
  result: FillResult
  /** Fresh until; a stored response is still served (and refilled in the background) until `staleUntil`. */
  freshUntil: number
  staleUntil: number
  bytes: number
}

export interface PageCacheOptions {
  /** Longest a stored response is served as fresh, whatever its `s-maxage` says. */
  maxFreshMs?: number
  /** How long after that a stored response is still served while a new one is fetched (never past its `servableMs`). */
  staleMs?: number
  /** How long a URL whose response may not be shared is sent straight to Next.js without asking again. */
  notSharedMs?: number
  /** Bound on the stored bodies, in bytes; the least recently used go first. */
  maxBytes?: number
  now?: () => number
}

/** The headers of Next.js's client router (React Server Components requests), which its responses vary on. */
const NEXT_ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-url']
/** Request headers that make a request ask for something other than the page everyone gets. */
const PERSONAL_REQUEST_HEADERS = ['authorization', 'range', 'next-action', ...NEXT_ROUTER_HEADERS]
/**
 * The header of the cache's own fill requests (to Next.js, past the cache). Its value is the process's
 * fill token (`newFillToken`): a client that sends the header without it is served as if it had not
 * (otherwise anyone could make every request of theirs a miss that Next.js renders).
 */
export const FILL_HEADER = 'x-syllabus-cache-fill'
/** The `Vary` names a stored response may carry: Next.js's router's (the requests served here never send them), the encoding (in the key) and Cookie. */
const UNDERSTOOD_VARY = new Set([...NEXT_ROUTER_HEADERS, 'accept-encoding', 'cookie'])
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'proxy-connection', 'upgrade', 'te', 'trailer'])
/** Larger bodies are not kept (a page is tens of KB). */
export const MAX_STORED_BODY = 2 * 1024 * 1024

/** A fresh fill token for a web process: 128 random bits, hex. */
export function newFillToken(): string {
  return randomBytes(16).toString('hex')
}

/** Whether a request is one of the cache's own fills: it carries the fill header with this process's token. */
export function isOwnFill(headers: IncomingHttpHeaders, fillToken: string | null): boolean {
  const sent = headers[FILL_HEADER]
  if (typeof sent !== 'string' || !fillToken || sent.length !== fillToken.length) return false
  return timingSafeEqual(Buffer.from(sent), Buffer.from(fillToken))
}

/**
 * The cache key of a request that may be answered from the cache, or null when it must go to Next.js.
 * `fillToken` is this process's (null: none, every fill header is a client's and ignored).
 */
export function cacheKey(request: { method?: string; url?: string; headers: IncomingHttpHeaders }, fillToken: string | null = null): string | null {
  // Only the routes listed as the same for everyone (server/http/security-headers.ts): any other request
  // goes straight to Next.js, without a fill to find out.
  if (request.method !== 'GET' || !request.url?.startsWith('/') || !isSharedRoute(request.url.split('?', 1)[0]!)) return null
  const { headers } = request
  if (PERSONAL_REQUEST_HEADERS.some((name) => headers[name] !== undefined) || isOwnFill(headers, fillToken)) return null
  const encoding = headers['accept-encoding'] ?? ''
  const host = headers.host ?? ''
  if (request.url.length > 2048 || encoding.length > 200 || host.length > 255) return null
  return `${host}\n${request.url}\n${encoding}`
}

/**
 * Whether a response may be stored for everyone, and for how long: status 200, `s-maxage` (or
 * `public` with `max-age`) and none of private/no-store/no-cache, no Set-Cookie, a Vary this cache
 * understands, and no CSP nonce (a nonce must differ on every response). `freshMs` is how long it is
 * fresh; `servableMs` how long it may be served at all, stale included (`stale-while-revalidate` more).
 */
export function sharedFreshness(status: number, headers: IncomingHttpHeaders): { freshMs: number; servableMs: number; varyCookie: boolean } | null {
  if (status !== 200 || headers['set-cookie'] !== undefined) return null
  const directives = new Map<string, string | true>()
  for (const part of (headers['cache-control'] ?? '').toLowerCase().split(',')) {
    const [name, value] = part.trim().split('=', 2)
    if (name) directives.set(name, value === undefined ? true : value.replace(/^"|"$/g, ''))
  }
  if (directives.has('private') || directives.has('no-store') || directives.has('no-cache')) return null
  const seconds = Number(directives.get('s-maxage') ?? (directives.has('public') ? directives.get('max-age') : undefined))
  if (!Number.isFinite(seconds) || seconds <= 0) return null
  const vary = (headers.vary ?? '').toLowerCase().split(',').map((name) => name.trim()).filter(Boolean)
  if (vary.some((name) => !UNDERSTOOD_VARY.has(name))) return null
  const policy = headers['content-security-policy']
  if ((Array.isArray(policy) ? policy.join() : policy ?? '').includes("'nonce-")) return null
  const staleSeconds = Number(directives.get('stale-while-revalidate') ?? 0)
  const servableSeconds = seconds + (Number.isFinite(staleSeconds) && staleSeconds > 0 ? staleSeconds : 0)
  return { freshMs: seconds * 1000, servableMs: servableSeconds * 1000, varyCookie: vary.includes('cookie') }
}

/** The headers to store and send again: every header but the hop-by-hop ones, multi-valued ones repeated. */
export function storableHeaders(raw: string[]): [string, string][] {
  const headers: [string, string][] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push([name, raw[i + 1]!])
  }
  return headers
}

export type Lookup =
  /** Write this stored response back. */
  | { kind: 'hit'; response: StoredResponse }
  /** Send the request to Next.js. */
  | { kind: 'pass' }

/**
 * The cache. `fill(key)` fetches the response everyone gets for a key (no cookies, no credentials);
 * concurrent misses of one key share one fill, and a stale entry is answered at once while one fill
 * runs in the background.
 */
export class PageCache {
  readonly #entries = new Map<string, Entry>()
  readonly #filling = new Map<string, Promise<Entry>>()
  readonly #fill: (key: string) => Promise<FillResult>
  readonly #maxFreshMs: number
  readonly #staleMs: number
  readonly #notSharedMs: number
  readonly #maxBytes: number
  readonly #now: () => number
  #bytes = 0

  constructor(fill: (key: string) => Promise<FillResult>, options: PageCacheOptions = {}) {
    this.#fill = fill
    this.#maxFreshMs = options.maxFreshMs ?? 1_000
    this.#staleMs = options.staleMs ?? 10_000
    this.#notSharedMs = options.notSharedMs ?? 30_000
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#entries.size
  }

  get bytes(): number {
    return this.#bytes
  }

  /**
   * What to do with a request whose key is `key` and which carries a Cookie header or not. A request
   * without a cookie waits for a missing entry's fill (a burst of misses costs Next.js one render); one
   * with a cookie never waits — the fill may well vary on Cookie and be of no use to it — it goes to
   * Next.js while the fill runs in the background.
   */
  async lookup(key: string, hasCookie: boolean): Promise<Lookup> {
    const now = this.#now()
    let entry = this.#entries.get(key)
    if (entry && now >= entry.staleUntil) entry = undefined
    if (!entry && hasCookie) {
      void this.#refill(key)
      return { kind: 'pass' }
    }
    if (!entry) entry = await this.#refill(key)
    else if (now >= entry.freshUntil) void this.#refill(key)
    else this.#touch(key, entry)
    const { result } = entry
    if (result.kind !== 'stored' || (result.varyCookie && hasCookie)) return { kind: 'pass' }
    return { kind: 'hit', response: result.response }
  }

  #refill(key: string): Promise<Entry> {
    const running = this.#filling.get(key)
    if (running) return running
    const filling = this.#fill(key)
      .catch((): FillResult => ({ kind: 'not-shared' }))
      .then((result) => {
        const now = this.#now()
        const freshMs = result.kind === 'stored' ? Math.min(result.freshMs, this.#maxFreshMs) : this.#notSharedMs
        // Served stale only as long as its Cache-Control lets a shared cache (an ISR page's bound, next.config.ts's expireTime).
        const servableMs = result.kind === 'stored' ? Math.max(freshMs, Math.min(freshMs + this.#staleMs, result.servableMs)) : freshMs
        const bytes = result.kind === 'stored' ? result.response.body.length : 0
        const entry: Entry = { result, freshUntil: now + freshMs, staleUntil: now + servableMs, bytes }
        this.#store(key, entry)
        return entry
      })
      .finally(() => this.#filling.delete(key))
    this.#filling.set(key, filling)
    return filling
  }

  #store(key: string, entry: Entry) {
    this.#remove(key)
    this.#entries.set(key, entry)
    this.#bytes += entry.bytes
    // Least recently used first: Map keeps insertion order and a hit re-inserts.
    for (const [oldKey] of this.#entries) {
      if (this.#bytes <= this.#maxBytes && this.#entries.size <= 10_000) break
      this.#remove(oldKey)
    }
  }

  #touch(key: string, entry: Entry) {
    this.#entries.delete(key)
    this.#entries.set(key, entry)
  }

  #remove(key: string) {
    const old = this.#entries.get(key)
    if (!old) return
    this.#entries.delete(key)
    this.#bytes -= old.bytes
  }
}
