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

  test('upTo fills fewer than the size; a later fill tops the key up', async () => {
    const items = counter()
    const pool = new WarmPool(3, items.discard, 3)
    await pool.fill('a', items.create, 1)
    expect(pool.count()).toBe(1)
    await pool.fill('a', items.create)
    expect(pool.count()).toBe(3)
    await pool.fill('b', items.create, 10) // never past the size
    expect(items.created()).toBe(6)
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

  test('takeOrWait hands a run the item a refill in flight is making, instead of nothing', async () => {
    const pool = new WarmPool<number>(1, async () => {})
    expect(await pool.takeOrWait('a')).toBeUndefined() // no refill running: the run makes its own
    let release: (item: number) => void = () => {}
    const filling = pool.fill('a', () => new Promise<number>((resolve) => (release = resolve)))
    const waiting = pool.takeOrWait('a')
    await Promise.resolve()
    release(7)
    expect(await waiting).toBe(7)
    // The pool still fills up to its size after serving the run.
    await new Promise((resolve) => setTimeout(resolve, 0))
    release(8)
    await filling
    expect(pool.take('a')).toBe(8)
  })

  test('runs waiting on a refill that fails, or on a pool that closes, get nothing and make their own', async () => {
    const failing = new WarmPool<number>(1, async () => {})
    let fail: () => void = () => {}
    const filling = failing.fill('a', () => new Promise<number>((_, reject) => (fail = () => reject(new Error('engine gone')))))
    const waiting = failing.takeOrWait('a')
    await Promise.resolve()
    fail()
    await filling
    expect(await waiting).toBeUndefined()

    const closing = new WarmPool<number>(1, async () => {})
    let release: (item: number) => void = () => {}
    void closing.fill('a', () => new Promise<number>((resolve) => (release = resolve)))
    const waiter = closing.takeOrWait('a')
    const closed = closing.close()
    expect(await waiter).toBeUndefined()
    release(1)
    await closed
  })

  test('a refill makes up to `parallel` items at once, and a refill in flight takes more makers as runs empty the pool', async () => {
    const releases: ((item: number) => void)[] = []
    let next = 0
    const create = () => new Promise<number>((resolve) => releases.push(() => resolve(++next)))
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

    const one = new WarmPool<number>(3, async () => {}, 1)
    void one.fill('a', create)
    await settle()
    expect(releases).toHaveLength(1) // one at a time: the second create waits for the first

    releases.length = 0
    const three = new WarmPool<number>(3, async () => {}, 3)
    const filling = three.fill('a', create)
    await settle()
    // A key's first item is made alone (the first answer after a start waits for it), then the rest at once.
    expect(releases).toHaveLength(1)
    releases.shift()!(0)
    await settle()
    expect(releases).toHaveLength(2)
    for (const release of releases.splice(0)) release(0)
    await filling
    expect(three.count()).toBe(3)
    // Runs take two; each asks for a refill: both items are made at once, not one after the other.
    three.take('a')
    void three.fill('a', create)
    three.take('a')
    void three.fill('a', create)
    await settle()
    expect(releases).toHaveLength(2)
    for (const release of releases.splice(0)) release(0)
    await settle()
    expect(three.count()).toBe(3)
  })

  test('a fill may ask for fewer makers; a later fill with more adds them to the refill in flight', async () => {
    const releases: ((item: number) => void)[] = []
    const create = () => new Promise<number>((resolve) => releases.push(resolve))
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
    const pool = new WarmPool<number>(4, async () => {}, 3)
    const first = pool.fill('a', create, 4, 1)
    await settle()
    releases.shift()!(1) // the key's first item, made alone
    await settle()
    expect(releases).toHaveLength(1) // still one at a time
    void pool.fill('a', create) // a burst: up to 3 at once
    await settle()
    expect(releases).toHaveLength(3)
    for (const release of releases.splice(0)) release(0)
    await first
    expect(pool.count()).toBe(4)
  })
})
