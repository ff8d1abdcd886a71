// Comparison of what the learner's code produced with what the grader expects, outside the sandbox.
// Values arrive as plain JSON: no __eq__, no subclass, no lazy object can answer for itself here.
import { parseCsv } from './parse-csv.ts'

export interface CompareOptions {
  tolerance: number
  unordered: boolean
}

function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

export function sameJson(actual: unknown, expected: unknown, options: CompareOptions): boolean {
  const actualKind = kind(actual)
  if (actualKind !== kind(expected)) return false
  switch (actualKind) {
    case 'number':
      return Math.abs((actual as number) - (expected as number)) <= options.tolerance
    case 'array': {
      const [a, e] = [actual as unknown[], expected as unknown[]]
      if (a.length !== e.length) return false
      const inner = { ...options, unordered: false }
      if (!options.unordered) return a.every((item, index) => sameJson(item, e[index], inner))
      const unmatched = [...a]
      return e.every((item) => {
        const found = unmatched.findIndex((candidate) => sameJson(candidate, item, inner))
        if (found === -1) return false
        unmatched.splice(found, 1)
        return true
      })
    }
    case 'object': {
      const [a, e] = [actual as Record<string, unknown>, expected as Record<string, unknown>]
      const keys = Object.keys(e)
      if (Object.keys(a).length !== keys.length) return false
      return keys.every((key) => Object.hasOwn(a, key) && sameJson(a[key], e[key], { ...options, unordered: false }))
    }
    default:
      return actual === expected
  }
}

export type CsvDifference = 'header' | 'row-count' | 'values' | null

/** Same header (names and order) and the same rows; numeric cells within the tolerance. */
export function compareCsv(actualText: string, expectedText: string, options: CompareOptions): CsvDifference {
  const [actualHeader, ...actualRows] = parseCsv(actualText)
  const [expectedHeader, ...expectedRows] = parseCsv(expectedText)
  if (JSON.stringify(actualHeader ?? []) !== JSON.stringify(expectedHeader ?? [])) return 'header'
  if (actualRows.length !== expectedRows.length) return 'row-count'
  const cell = (value: string): string | number => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value)
  const asJson = (rows: string[][]) => rows.map((row) => row.map(cell))
  return sameJson(asJson(actualRows), asJson(expectedRows), options) ? null : 'values'
}
