// A result shared by the requests of the next few seconds: the first caller loads it, callers that
// come while it loads wait for the same promise, and later ones reuse it until it is `ttlMs` old.
// For data every visitor sees alike and that may lag a little (the anonymous leaderboard); never for
// a learner's own state. A failed load is not kept. At most `maxEntries` keys (the oldest go first).
export function shortLived<Args extends unknown[], Value>(
  load: (...args: Args) => Promise<Value>,
  { ttlMs, maxEntries = 500, now = Date.now }: { ttlMs: number; maxEntries?: number; now?: () => number },
): (...args: Args) => Promise<Value> {
  const entries = new Map<string, { at: number; value: Promise<Value> }>()
  return (...args: Args) => {
    const key = JSON.stringify(args)
    const known = entries.get(key)
    if (known && now() - known.at < ttlMs) return known.value
    entries.delete(key)
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
    const entry = { at: now(), value: load(...args) }
    entries.set(key, entry)
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key)
    })
    return entry.value
  }
}
