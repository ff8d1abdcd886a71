import { describe, expect, it } from 'vitest'
import { shortLived } from './short-lived.ts'

function counter() {
  let clock = 0
  let loads = 0
  const load = async (key: string) => `${key}#${++loads}`
  return { load, now: () => clock, advance: (ms: number) => (clock += ms), loads: () => loads }
}

describe('shortLived', () => {
  it('shares one load among the callers of the next ttl, then loads again', async () => {
    const { load, now, advance, loads } = counter()
    const cached = shortLived(load, { ttlMs: 5_000, now })
    const [a, b] = await Promise.all([cached('page-1'), cached('page-1')])
    expect([a, b]).toEqual(['page-1#1', 'page-1#1'])
    advance(4_999)
    expect(await cached('page-1')).toBe('page-1#1')
    advance(1)
    expect(await cached('page-1')).toBe('page-1#2')
    expect(loads()).toBe(2)
  })

  it('keeps different arguments apart', async () => {
    const { load, now } = counter()
    const cached = shortLived(load, { ttlMs: 5_000, now })
    expect(await cached('page-1')).toBe('page-1#1')
    expect(await cached('page-2')).toBe('page-2#2')
  })

  it('does not keep a failed load', async () => {
    let fail = true
    const cached = shortLived(async () => {
      if (fail) throw new Error('database down')
      return 'rows'
    }, { ttlMs: 5_000 })
    await expect(cached()).rejects.toThrow('database down')
    fail = false
    expect(await cached()).toBe('rows')
  })

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const { load, now, loads } = counter()
    const cached = shortLived(load, { ttlMs: 5_000, maxEntries: 2, now })
    await cached('a')
    await cached('b')
    await cached('c')
    expect(await cached('c')).toBe('c#3')
    expect(await cached('a')).toBe('a#4')
    expect(loads()).toBe(4)
  })
})
