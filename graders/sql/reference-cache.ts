// An in-memory LRU of reference results, keyed by (question content hash, dataset variant and its
// version), so the reference runs once per process however many answers are graded. Concurrent
// lookups of the same key share one computation; a failed computation is not kept.

export class LruPromiseCache<Value> {
  readonly #entries = new Map<string, Promise<Value>>()

  constructor(readonly maxEntries = 512) {}

  get size(): number {
    return this.#entries.size
  }

  getOrCompute(key: string, compute: () => Promise<Value>): Promise<Value> {
    const cached = this.#entries.get(key)
    if (cached) {
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      this.#entries.delete(key)
      this.#entries.set(key, cached)
      return cached
    }
    const pending = compute()
    this.#entries.set(key, pending)
    pending.catch(() => {
      if (this.#entries.get(key) === pending) this.#entries.delete(key)
    })
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) break
      this.#entries.delete(oldest)
    }
    return pending
  }

  clear(): void {
    this.#entries.clear()
  }
}
