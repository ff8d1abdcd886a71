// The warm pool's bookkeeping, without Docker (docker-sandbox.test.ts covers it with real containers).
import { describe, expect, test } from 'vitest'
import { WarmPool } from './warm-pool.ts'

function counter() {
  let next = 0
  const discarded: number[] = []
  return { create: async () => ++next, discarded, discard: async (item: number) => void discarded.push(item), created: () => next }
}

describe('WarmPool', () => {
  test('fills each key up to its size, shares a refill in flight, and hands each item out once', async () => {
    const items = counter()
    const pool = new WarmPool(2, items.discard)
    const first = pool.fill('a', items.create)
    expect(pool.fill('a', items.create)).toBe(first)
    await first
    expect(pool.count()).toBe(2)
    expect(items.created()).toBe(2)
    expect([pool.take('a'), pool.take('a'), pool.take('a')]).toEqual([1, 2, undefined])
    expect(pool.take('b')).toBeUndefined()
  })

  test('a size of zero never creates anything', async () => {
    const items = counter()
    const pool = new WarmPool(0, items.discard)
    await pool.fill('a', items.create)
    expect(items.created()).toBe(0)
  })

  test('a failing create only stops the refill', async () => {
    const pool = new WarmPool<number>(2, async () => {})
    await expect(pool.fill('a', () => Promise.reject(new Error('engine gone')))).resolves.toBeUndefined()
    expect(pool.count()).toBe(0)
  })

  test('close discards waiting items and items that arrive after it, and refuses new refills', async () => {
    const items = counter()
    const pool = new WarmPool(1, items.discard)
    await pool.fill('a', items.create)
    let release: () => void = () => {}
    let creating: () => void = () => {}
    const createStarted = new Promise<void>((resolve) => (creating = resolve))
    const slow = pool.fill('b', () => {
      creating()
      return new Promise<number>((resolve) => (release = () => resolve(99)))
    })
    await createStarted
    const closed = pool.close()
    release()
    await Promise.all([slow, closed])
    expect(items.discarded.sort()).toEqual([1, 99])
    expect(pool.count()).toBe(0)
    await pool.fill('a', items.create)
    expect(items.created()).toBe(1)
  })
})
