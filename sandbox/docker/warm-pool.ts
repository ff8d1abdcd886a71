// Containers created (and, with warmPoolStart, started) ahead of time, so a run skips the create step.
// One queue per key (image, command, limits, socket): a container is taken once and never returned;
// refills run in the background, up to `parallel` items at once per key, and a failed create only costs speed.
export class WarmPool<Item> {
  private readonly pools = new Map<string, Item[]>()
  private readonly refilling = new Map<string, { makers: number; making: number; done: Promise<void>; finished: () => void }>()
  /** Runs waiting for the item a refill in flight is making, per key, first come first served. */
  private readonly waiting = new Map<string, ((item: Item | undefined) => void)[]>()
  /** Keys whose refill has made an item: a key's first item is made alone (see fill). */
  private readonly made = new Set<string>()
  private closed = false

  constructor(
    private readonly size: number,
    /** Frees an item that will never be used (created after close, or still waiting at close). */
    private readonly discard: (item: Item) => Promise<void>,
    /** Items made at once per key. */
    private readonly parallel = 1,
  ) {}

  /** A waiting item for this key, if there is one; it leaves the pool for good. */
  take(key: string): Item | undefined {
    return this.pools.get(key)?.shift()
  }

  /**
   * A waiting item, or else the next one a refill in flight for this key makes (undefined when no
   * refill is running, or it ends without one for this caller). A run right after a start, or in a
   * burst, then takes the container already being started instead of starting another beside it,
   * which on a busy machine would slow both.
   */
  async takeOrWait(key: string): Promise<Item | undefined> {
    const ready = this.take(key)
    if (ready !== undefined || !this.refilling.has(key) || this.closed) return ready
    return new Promise((resolve) => {
      const queue = this.waiting.get(key) ?? []
      queue.push(resolve)
      this.waiting.set(key, queue)
    })
  }

  /** Hands a new item to the first run waiting for this key, if any. */
  private handOver(key: string, item: Item): boolean {
    const next = this.waiting.get(key)?.shift()
    if (!next) return false
    next(item)
    return true
  }

  /** Runs still waiting when a refill ends get nothing: they make their own. */
  private releaseWaiting(key: string) {
    for (const next of this.waiting.get(key) ?? []) next(undefined)
    this.waiting.delete(key)
  }

  /**
   * Fills this key's queue up to the pool size in the background; a refill already running is shared
   * (and given another maker when it has fewer than `parallel` and more items are wanted). Up to
   * `parallel` items are made at once: a container's create and start mostly wait on the engine, so
   * in a burst one at a time made every run queue behind the refill rather than behind the cores.
   * A key's first item is made alone, the others once it is there: right after a start the first
   * answer waits for that one, and making all at once on a small machine made it later. `upTo`
   * fills to fewer than the pool size (a worker's start makes one per key first, a key nobody has
   * used yet gets a shallower pool). `parallel` lowers the makers of this call (a refill while
   * nothing runs makes one at a time); a later call with more adds makers to the refill in flight.
   */
  fill(key: string, create: () => Promise<Item>, upTo = this.size, parallel = this.parallel): Promise<void> {
    if (this.size === 0 || this.closed) return Promise.resolve()
    const target = Math.min(upTo, this.size)
    let refill = this.refilling.get(key)
    if (!refill) {
      let finished = () => {}
      refill = { makers: 0, making: 0, done: new Promise<void>((resolve) => (finished = resolve)), finished }
      this.refilling.set(key, refill)
    }
    const state = refill
    const pool = this.pools.get(key) ?? []
    this.pools.set(key, pool)
    // Runs waiting for an item are served first, whether or not the pool is full.
    const wanted = () => !this.closed && pool.length + state.making < target + (this.waiting.get(key)?.length ?? 0)
    const maker = async () => {
      try {
        while (wanted()) {
          state.making++
          let item: Item
          try {
            item = await create()
          } finally {
            state.making--
          }
          if (this.closed) {
            await this.discard(item)
            break
          }
          if (!this.handOver(key, item)) pool.push(item)
          if (!this.made.has(key)) {
            this.made.add(key)
            addMakers()
          }
        }
      } catch {
        // A failed create only costs speed: the next run creates its container itself.
      } finally {
        if (--state.makers === 0) {
          this.refilling.delete(key)
          this.releaseWaiting(key)
          state.finished()
        }
      }
    }
    // Each maker runs up to its first create here, so the next check counts the item it is making.
    const addMakers = () => {
      while (state.makers < (this.made.has(key) ? Math.min(parallel, this.parallel) : 1) && wanted()) {
        state.makers++
        void maker()
      }
    }
    addMakers()
    if (state.makers === 0) {
      this.refilling.delete(key)
      state.finished()
    }
    return state.done
  }

  /** Items waiting for this key. */
  countFor(key: string): number {
    return this.pools.get(key)?.length ?? 0
  }

  /** Items waiting, over all keys. */
  count(): number {
    return [...this.pools.values()].reduce((sum, pool) => sum + pool.length, 0)
  }

  /** Stops refilling at once; then waits for refills in flight and discards every waiting item. */
  async close(): Promise<void> {
    this.closed = true
    for (const key of [...this.waiting.keys()]) this.releaseWaiting(key)
    await Promise.all([...this.refilling.values()].map((refill) => refill.done))
    const waiting = [...this.pools.values()].flat()
    this.pools.clear()
    await Promise.all(waiting.map((item) => this.discard(item)))
  }
}
