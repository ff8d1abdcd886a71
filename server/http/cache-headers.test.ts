import { describe, expect, it } from 'vitest'
import { defaultConfig } from 'next/dist/server/config-shared'
import { getCacheControlHeader } from 'next/dist/server/lib/cache-control'
import nextConfig from '../../next.config.ts'
import * as homePage from '../../app/catalog/[snapshot]/page.tsx'
import * as homeworkPage from '../../app/courses/[slug]/homework/[homework]/page.tsx'
import * as leaderboardPage from '../../app/courses/[slug]/leaderboard/[page]/page.tsx'
import { ISR_PAGE_EXPIRE_SECONDS, VISITOR_PART_HEADERS } from './cache-headers.ts'
import { sharedFreshness } from './page-cache.ts'

describe('how old a cached page may be when it is served', () => {
  // Next.js's own rule: an ISR page's expire is next.config's expireTime (default: a year), and its
  // Cache-Control lets shared caches serve it stale until then (stale-while-revalidate = expire - revalidate).
  const expire = nextConfig.expireTime ?? defaultConfig.expireTime

  it.each([
    ['home', homePage.revalidate],
    ['homework', homeworkPage.revalidate],
    ['leaderboard', leaderboardPage.revalidate],
  ])('the %s page: re-rendered in the background after its revalidate, never served older than the bound', (_, revalidate) => {
    expect(revalidate).toBeLessThan(ISR_PAGE_EXPIRE_SECONDS)
    expect(expire).toBe(ISR_PAGE_EXPIRE_SECONDS)
    const cacheControl = getCacheControlHeader({ revalidate, expire })
    expect(cacheControl).toBe(`s-maxage=${revalidate}, stale-while-revalidate=${ISR_PAGE_EXPIRE_SECONDS - revalidate}`)
    // The web process's page cache serves it, stale included, no longer than that either.
    expect(sharedFreshness(200, { 'cache-control': cacheControl })).toMatchObject({ servableMs: ISR_PAGE_EXPIRE_SECONDS * 1000 })
  })

  it('a visitor’s JSON part: a second fresh, 10 s more while the page cache fetches it again', () => {
    expect(sharedFreshness(200, { 'cache-control': VISITOR_PART_HEADERS['Cache-Control'], vary: VISITOR_PART_HEADERS.Vary })).toEqual({ freshMs: 1_000, servableMs: 11_000, varyCookie: true })
  })
})
