// Content hashes let sync skip what did not change. They are taken over a canonical JSON form (keys sorted,
// dates as ISO strings), so formatting and key order in the YAML do not count as changes.
import { createHash } from 'node:crypto'

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

export function sha256(data: string | Buffer) {
  return createHash('sha256').update(data).digest('hex')
}

export function contentHash(value: unknown) {
  return sha256(JSON.stringify(canonical(value)))
}
