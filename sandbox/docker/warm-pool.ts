// Containers created (and, with warmPoolStart, started) ahead of time, so a run skips the create step.
// One queue per key (image, command, limits, socket): a container is taken once and never returned;
// refills run in the background, one at a time per key, and a failed refill only costs speed.
export class WarmPool<Item> {
  private readonly pools = new Map<string, Item[]>()
  private readonly refilling = new Map<string, Promise<void>>()
  private closed = false

  constructor(
    private readonly size: number,
    /** Frees an item that will never be used (created after close, or still waiting at close). */
    private readonly discard: (item: Item) => Promise<void>,
  ) {}

  /** A waiting item for this key, if there is one; it leaves the pool for good. */
  take(key: string): Item | undefined {
    return this.pools.get(key)?.shift()
  }

  /** Fills this key's queue up to the pool size in the background; a refill already running is shared. */
  fill(key: string, create: () => Promise<Item>): Promise<void> {
    if (this.size === 0 || this.closed) return Promise.resolve()
    const inFlight = this.refilling.get(key)
    if (inFlight) return inFlight
    const work = (async () => {
      // Yield first, so the map below holds this refill before it can finish and remove itself.
      await Promise.resolve()
      try {
        const pool = this.pools.get(key) ?? []
        this.pools.set(key, pool)
        while (!this.closed && pool.length < this.size) {
          const item = await create()
          if (this.closed) {
            await this.discard(item)
            break
          }
          pool.push(item)
        }
      } catch {
        // A failed refill only costs speed: the next run creates its container itself.
      } finally {
        this.refilling.delete(key)
      }
    })()
    this.refilling.set(key, work)
    return work
  }

  /** Items waiting, over all keys. */
  count(): number {
    return [...this.pools.values()].reduce((sum, pool) => sum + pool.length, 0)
  }

  /** Stops refilling at once; then waits for refills in flight and discards every waiting item. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.refilling.values()])
    const waiting = [...this.pools.values()].flat()
    this.pools.clear()
    await Promise.all(waiting.map((item) => this.discard(item)))
  }
}
