import { describe, expect, it, vi } from 'vitest'
import { cacheKey, FILL_HEADER, isOwnFill, newFillToken, PageCache, sharedFreshness, storableHeaders, type FillResult } from './page-cache.ts'

const page = (body = 'page'): FillResult => ({ kind: 'stored', response: { status: 200, headers: [['content-type', 'text/html']], body: Buffer.from(body) }, freshMs: 5_000, servableMs: 30_000, varyCookie: false })

function clock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('cacheKey', () => {
  const get = (url: string, headers: Record<string, string> = {}) => cacheKey({ method: 'GET', url, headers: { host: 'example.test', ...headers } })

  it('keys a plain page request by host, path and query, and accepted encodings', () => {
    expect(get('/courses/x?a=1', { 'accept-encoding': 'gzip' })).toBe('example.test\n/courses/x?a=1\ngzip')
    expect(get('/courses/x')).not.toBe(get('/courses/y'))
    expect(get('/courses/x', { 'accept-encoding': 'gzip' })).not.toBe(get('/courses/x'))
  })

  it('a cookie does not change the key (whether it may be served is the entry’s Vary)', () => {
    expect(get('/courses/x', { cookie: 'a=b' })).toBe(get('/courses/x'))
  })

  it('sends to Next.js what is not a plain read of a page everyone gets', () => {
    expect(cacheKey({ method: 'POST', url: '/courses/x', headers: {} })).toBeNull()
    expect(cacheKey({ method: 'HEAD', url: '/courses/x', headers: {} })).toBeNull()
    for (const header of ['authorization', 'range', 'next-action', 'rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-url']) {
      expect(get('/courses/x', { [header]: '1' }), header).toBeNull()
    }
    // Only the routes that may be the same for everyone are asked about at all.
    for (const path of ['/_next/static/chunk.js', '/favicon.ico', '/icon.svg', '/api/auth/session', '/me', '/courses/x/dashboard', '/api/submissions/abc/events', '/courses/x/homework/hw1/statistics']) {
      expect(get(path), path).toBeNull()
    }
    for (const path of ['/', '/courses/x/leaderboard?page=2', '/courses/x/weeks/w/lesson', '/api/courses/x/homework/hw1/learner', '/api/courses/x/leaderboard/viewer']) {
      expect(get(path), path).not.toBeNull()
    }
    expect(get(`/courses/${'x'.repeat(3000)}`)).toBeNull()
    expect(cacheKey({ method: 'GET', url: 'http://elsewhere/', headers: {} })).toBeNull()
  })

  it('only the process’s own fills pass the cache: a client’s fill header cannot force a miss', () => {
    const token = newFillToken()
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(newFillToken()).not.toBe(token)
    const own = cacheKey({ method: 'GET', url: '/courses/x', headers: { host: 'example.test', [FILL_HEADER]: token } }, token)
    expect(own).toBeNull()
    // A learner's guesses (or a token of another process) are served from the cache like any request.
    for (const sent of ['1', '', 'true', newFillToken(), token.slice(1), `${token}0`, token.toUpperCase()]) {
      expect(cacheKey({ method: 'GET', url: '/courses/x', headers: { host: 'example.test', [FILL_HEADER]: sent } }, token), sent).toBe(get('/courses/x'))
      expect(isOwnFill({ [FILL_HEADER]: sent }, token), sent).toBe(false)
    }
    // Without a token (none made) no header is ever honoured.
    expect(cacheKey({ method: 'GET', url: '/courses/x', headers: { host: 'example.test', [FILL_HEADER]: token } })).toBe(get('/courses/x'))
  })
})

describe('sharedFreshness', () => {
  it('keeps what Next.js marks for shared caches: ISR and prerendered pages', () => {
    // An ISR page (revalidate 5, next.config.ts's expireTime 30) and a prerendered one.
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=5, stale-while-revalidate=25' })).toEqual({ freshMs: 5_000, servableMs: 30_000, varyCookie: false })
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=31536000', vary: 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding' })).toEqual({ freshMs: 31_536_000_000, servableMs: 31_536_000_000, varyCookie: false })
    expect(sharedFreshness(200, { 'cache-control': 'public, max-age=0, s-maxage=1, stale-while-revalidate=10', vary: 'Cookie' })).toEqual({ freshMs: 1_000, servableMs: 11_000, varyCookie: true })
    // Without stale-while-revalidate, nothing stale may be served.
    expect(sharedFreshness(200, { 'cache-control': 'public, max-age=3' })).toEqual({ freshMs: 3_000, servableMs: 3_000, varyCookie: false })
  })

  it('refuses what is personal, per response or not understood', () => {
    // Next.js's header for a page rendered per request.
    expect(sharedFreshness(200, { 'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate' })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 'private, no-store' })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 'no-cache, s-maxage=5' })).toBeNull()
    expect(sharedFreshness(200, {})).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 'max-age=60' })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=0' })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=5', 'set-cookie': ['a=b'] })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=5', vary: 'Accept-Language' })).toBeNull()
    expect(sharedFreshness(200, { 'cache-control': 's-maxage=5', 'content-security-policy': "script-src 'self' 'nonce-abc'" })).toBeNull()
    expect(sharedFreshness(404, { 'cache-control': 's-maxage=5' })).toBeNull()
    expect(sharedFreshness(307, { 'cache-control': 's-maxage=5' })).toBeNull()
  })
})

it('storableHeaders drops hop-by-hop headers and keeps repeated ones', () => {
  expect(storableHeaders(['Content-Type', 'text/html', 'Connection', 'keep-alive', 'Link', '<a>', 'Date', 'x', 'Link', '<b>', 'Transfer-Encoding', 'chunked'])).toEqual([
    ['Content-Type', 'text/html'],
    ['Link', '<a>'],
    ['Link', '<b>'],
  ])
})

describe('PageCache', () => {
  it('answers concurrent misses of one key with one fill, then from memory', async () => {
    const fill = vi.fn(async () => page())
    const cache = new PageCache(fill)
    const answers = await Promise.all([1, 2, 3].map(() => cache.lookup('k', false)))
    expect(answers.map((answer) => answer.kind)).toEqual(['hit', 'hit', 'hit'])
    expect(await cache.lookup('k', true)).toMatchObject({ kind: 'hit', response: { body: Buffer.from('page') } })
    expect(fill).toHaveBeenCalledTimes(1)
  })

  it('serves a stale entry at once while one fill runs, and fills synchronously once too old', async () => {
    const time = clock()
    let version = 0
    const fill = vi.fn(async () => page(`v${++version}`))
    const cache = new PageCache(fill, { maxFreshMs: 1_000, staleMs: 10_000, now: time.now })
    await cache.lookup('k', false)
    time.advance(1_500)
    const stale = await cache.lookup('k', false)
    expect(stale).toMatchObject({ kind: 'hit', response: { body: Buffer.from('v1') } })
    await vi.waitFor(() => expect(fill).toHaveBeenCalledTimes(2))
    await vi.waitFor(async () => expect(await cache.lookup('k', false)).toMatchObject({ response: { body: Buffer.from('v2') } }))
    time.advance(60_000)
    expect(await cache.lookup('k', false)).toMatchObject({ kind: 'hit', response: { body: Buffer.from('v3') } })
  })

  it('serves a stale entry no longer than its Cache-Control allows: s-maxage + stale-while-revalidate', async () => {
    const time = clock()
    let version = 0
    const freshness = sharedFreshness(200, { 'cache-control': 's-maxage=1, stale-while-revalidate=2' })!
    const fill = vi.fn(async (): Promise<FillResult> => ({ ...page(`v${++version}`), ...freshness }))
    const cache = new PageCache(fill, { maxFreshMs: 1_000, staleMs: 10_000, now: time.now })
    await cache.lookup('k', false)
    // Within the 3 s the header allows: served (stale) at once while a new one is fetched.
    time.advance(2_900)
    let fillDone!: () => void
    fill.mockImplementationOnce(() => new Promise<FillResult>((resolve) => (fillDone = () => resolve({ ...page(`v${++version}`), ...freshness }))))
    expect(await cache.lookup('k', false)).toMatchObject({ kind: 'hit', response: { body: Buffer.from('v1') } })
    fillDone()
    await vi.waitFor(async () => expect(await cache.lookup('k', false)).toMatchObject({ response: { body: Buffer.from('v2') } }))
    // Nobody asked for longer than that: the next request gets a new response, never the old one
    // (which the 10 s stale window alone would still serve). A learner's request passes to Next.js.
    time.advance(3_001)
    expect(await cache.lookup('k', true)).toEqual({ kind: 'pass' })
    await vi.waitFor(() => expect(fill).toHaveBeenCalledTimes(3))
    await new Promise((resolve) => setTimeout(resolve, 0))
    time.advance(3_001)
    expect(await cache.lookup('k', false)).toMatchObject({ kind: 'hit', response: { body: Buffer.from('v4') } })
  })

  it('caps freshness at maxFreshMs whatever s-maxage says', async () => {
    const time = clock()
    const fill = vi.fn(async () => ({ ...page(), freshMs: 31_536_000_000 }))
    const cache = new PageCache(fill, { maxFreshMs: 1_000, now: time.now })
    await cache.lookup('k', false)
    time.advance(999)
    await cache.lookup('k', false)
    expect(fill).toHaveBeenCalledTimes(1)
    time.advance(2)
    await cache.lookup('k', false)
    await vi.waitFor(() => expect(fill).toHaveBeenCalledTimes(2))
  })

  it('sends a response that may not be shared to Next.js, asking again only after notSharedMs', async () => {
    const time = clock()
    const fill = vi.fn(async (): Promise<FillResult> => ({ kind: 'not-shared' }))
    const cache = new PageCache(fill, { notSharedMs: 30_000, now: time.now })
    expect(await cache.lookup('k', false)).toEqual({ kind: 'pass' })
    time.advance(29_000)
    expect(await cache.lookup('k', false)).toEqual({ kind: 'pass' })
    expect(fill).toHaveBeenCalledTimes(1)
    time.advance(2_000)
    await cache.lookup('k', false)
    expect(fill).toHaveBeenCalledTimes(2)
  })

  it('a failed fill is a pass, not an error', async () => {
    const cache = new PageCache(async () => Promise.reject(new Error('ECONNRESET')))
    expect(await cache.lookup('k', false)).toEqual({ kind: 'pass' })
  })

  it('never keeps a request with a cookie waiting for a fill: it goes to Next.js, the fill runs beside it', async () => {
    let release!: () => void
    const fill = vi.fn(() => new Promise<FillResult>((resolve) => (release = () => resolve(page()))))
    const cache = new PageCache(fill)
    expect(await cache.lookup('k', true)).toEqual({ kind: 'pass' })
    expect(fill).toHaveBeenCalledTimes(1)
    release()
    await vi.waitFor(async () => expect(await cache.lookup('k', true)).toMatchObject({ kind: 'hit' }))
    expect(fill).toHaveBeenCalledTimes(1)
  })

  it('a response that varies on Cookie is served only to requests without one', async () => {
    const cache = new PageCache(async () => ({ ...page('{"signedIn":false}'), varyCookie: true }))
    expect(await cache.lookup('k', false)).toMatchObject({ kind: 'hit' })
    expect(await cache.lookup('k', true)).toEqual({ kind: 'pass' })
  })

  it('keeps its bodies under maxBytes, dropping the least recently used', async () => {
    const fill = vi.fn(async (key: string) => page(key.padEnd(400, '.')))
    const cache = new PageCache(fill, { maxBytes: 1_000 })
    await cache.lookup('a', false)
    await cache.lookup('b', false)
    await cache.lookup('a', false) // a is now the most recently used
    await cache.lookup('c', false)
    expect(cache.size).toBe(2)
    expect(cache.bytes).toBe(800)
    expect(fill).toHaveBeenCalledTimes(3)
    await cache.lookup('a', false)
    expect(fill).toHaveBeenCalledTimes(3)
    await cache.lookup('b', false)
    expect(fill).toHaveBeenLastCalledWith('b')
    expect(fill).toHaveBeenCalledTimes(4)
  })

})
