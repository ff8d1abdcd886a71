import { describe, expect, it } from 'vitest'
import { LruPromiseCache } from './reference-cache.ts'

describe('LruPromiseCache', () => {
  it('computes once per key, also for concurrent lookups', async () => {
    const cache = new LruPromiseCache<number>()
    let calls = 0
    const compute = async () => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return 42
    }
    const results = await Promise.all([cache.getOrCompute('q', compute), cache.getOrCompute('q', compute)])
    expect(results).toEqual([42, 42])
    await cache.getOrCompute('q', compute)
    expect(calls).toBe(1)
  })

  it('evicts the least recently used entry', async () => {
    const cache = new LruPromiseCache<string>(2)
    await cache.getOrCompute('a', async () => 'a')
    await cache.getOrCompute('b', async () => 'b')
    await cache.getOrCompute('a', async () => 'never')
    await cache.getOrCompute('c', async () => 'c')
    expect(await cache.getOrCompute('a', async () => 'recomputed')).toBe('a')
    expect(await cache.getOrCompute('b', async () => 'recomputed')).toBe('recomputed')
  })

  it('forgets failures so the next lookup retries', async () => {
    const cache = new LruPromiseCache<string>()
    await expect(cache.getOrCompute('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    await new Promise((resolve) => setImmediate(resolve))
    expect(await cache.getOrCompute('k', async () => 'up')).toBe('up')
  })
})
