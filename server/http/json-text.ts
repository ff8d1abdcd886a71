// Text PostgreSQL cannot store: a NUL character (refused by text and jsonb) and a lone UTF-16
// surrogate (not Unicode at all; refused when encoded to UTF-8). Answers holding either are refused
// with a clear 422 instead of failing at the database with a 500.

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** A short reason when `value` (any JSON: strings, keys, nested) holds unstorable text; else null. */
export function unstorableTextIn(value: unknown): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'Remove the NUL character (\\u0000); it cannot be stored.'
    if (LONE_SURROGATE.test(value)) return 'Remove the broken character (a lone UTF-16 surrogate); it is not valid Unicode.'
    return null
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = unstorableTextIn(item)
      if (problem) return problem
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = unstorableTextIn(key) ?? unstorableTextIn(item)
      if (problem) return problem
    }
  }
  return null
}
