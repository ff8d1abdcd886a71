// Compares a learner's result with the reference's. Pure: no I/O.
// Checks, in order: `columns` (count, and names when asked), `rows` (count), `values`.
// Rows form a multiset (duplicates count). When order matters, the expected rows are cut into runs of
// equal sort-key values; runs must come in the same order, rows inside a run in any order — exactly
// the freedom the reference's ORDER BY leaves.
import { randomBytes } from 'node:crypto'
import type { SqlResultSet } from './result-set.ts'
import {
  canonicalDecimal,
  canonicalValue,
  compareCanonical,
  comparisonClass,
  isNumberClass,
  numbersClose,
  parseNumber,
  usesTolerance,
  type ValueClass,
  valueClassOf,
} from './postgres-text-values.ts'

export interface ComparisonOptions {
  /**
   * Output columns whose values fix the order, as far as the reference's ORDER BY fixes it.
   * null: order does not matter. All columns: strict order (identical rows are interchangeable anyway).
   */
  orderBy: number[] | null
  /** Relative (and, near zero, absolute) tolerance for numeric and floating values. 0 = exact. */
  floatTolerance: number
  /** Column names must equal the reference's, in order. */
  columnNames: boolean
  /**
   * Messages may quote expected values and counts. Only once answers are revealed (after the
   * deadline): before that, a message says what differs and where, never what is expected.
   */
  revealExpected?: boolean
}

export type FailedCheck = 'columns' | 'rows' | 'values'

export interface ValueDifference {
  /** 1-based row in the learner's result when order matters and the row's place is fixed; else null. */
  rowNumber: number | null
  column: string
  expected: string | null
  actual: string | null
  expectedRow: (string | null)[] | null
  actualRow: (string | null)[] | null
}

export type ComparisonOutcome =
  | { equal: true }
  | {
      equal: false
      check: FailedCheck
      /** Learner-facing sentence(s). May show values: the engine uses it for public data only. */
      message: string
      /** Set for `values`: the first difference found. */
      difference?: ValueDifference
      /** Set for `values` when the rows are right but their order is not. */
      wrongOrder?: boolean
    }

type Row = (string | null)[]

const MAX_VALUE_CHARS = 80

export function formatValue(value: string | null): string {
  if (value === null) return 'NULL'
  const shown = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value
  return `'${shown}'`
}

export function formatRow(row: Row): string {
  const text = `(${row.map(formatValue).join(', ')})`
  return text.length > 400 ? `${text.slice(0, 400)}…)` : text
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function compareColumns(expected: SqlResultSet, actual: SqlResultSet, options: ComparisonOptions): ComparisonOutcome | null {
  const expectedNames = expected.columns.map((column) => column.name)
  const actualNames = actual.columns.map((column) => column.name)
  if (expectedNames.length !== actualNames.length) {
    return {
      equal: false,
      check: 'columns',
      message: `Your result has ${plural(actualNames.length, 'column')} (${actualNames.join(', ')}); the expected result has ${plural(expectedNames.length, 'column')}${options.columnNames ? ` (${expectedNames.join(', ')})` : ''}.`,
    }
  }
  if (options.columnNames) {
    const index = expectedNames.findIndex((name, position) => name !== actualNames[position])
    if (index >= 0) {
      return {
        equal: false,
        check: 'columns',
        message: `Column ${index + 1} is named "${actualNames[index]}" but must be named "${expectedNames[index]}" (use AS to name a column). Expected columns: ${expectedNames.join(', ')}.`,
      }
    }
  }
  return null
}

function compareRowCounts(expectedCount: number, expectedTruncated: boolean, actual: SqlResultSet, reveal: boolean): ComparisonOutcome | null {
  if (actual.truncated && !expectedTruncated) {
    return {
      equal: false,
      check: 'rows',
      message: `Your query returned too many rows (more than ${actual.rows.length}, where the grader stops reading)${reveal ? `; the expected result has ${plural(expectedCount, 'row')}` : ', far more than expected'}.`,
    }
  }
  if (actual.rows.length !== expectedCount) {
    // Before answers are revealed the count itself stays hidden: for "how many …" questions it is the answer.
    const more = actual.rows.length > expectedCount
    return {
      equal: false,
      check: 'rows',
      message: reveal
        ? `Your result has ${plural(actual.rows.length, 'row')}; the expected result has ${plural(expectedCount, 'row')}.`
        : `Your result has ${plural(actual.rows.length, 'row')}: ${more ? 'more' : 'fewer'} rows than expected.`,
    }
  }
  return null
}

interface PreparedSide {
  canonical: Row[]
  raw: Row[]
}

function canonicalRows(rows: Row[], classes: ValueClass[]): Row[] {
  return rows.map((row) => row.map((value, index) => (value === null ? null : canonicalValue(value, classes[index] ?? 'text'))))
}

function rowKey(row: Row, columns: number[]): string {
  return columns.map((index) => (row[index] === null ? '\u0000' : row[index])).join('\u0001')
}

/** [start, end) runs of consecutive rows with equal values in the sort columns. */
export function sortKeyRuns(canonical: Row[], orderBy: number[] | null): [number, number][] {
  if (orderBy === null || orderBy.length === 0) return canonical.length === 0 ? [] : [[0, canonical.length]]
  const runs: [number, number][] = []
  let start = 0
  for (let index = 1; index <= canonical.length; index++) {
    if (index === canonical.length || rowKey(canonical[index]!, orderBy) !== rowKey(canonical[start]!, orderBy)) {
      runs.push([start, index])
      start = index
    }
  }
  return runs
}

/**
 * Sorting order that puts exactly-compared columns first and tolerance columns last, so that two
 * multisets equal within tolerance line up row by row after sorting.
 */
function rowSorter(classes: ValueClass[], tolerance: number) {
  const exact = classes.flatMap((valueClass, index) => (usesTolerance(valueClass) && tolerance > 0 ? [] : [index]))
  const tolerant = classes.flatMap((valueClass, index) => (usesTolerance(valueClass) && tolerance > 0 ? [index] : []))
  const order = [...exact, ...tolerant]
  return (a: Row, b: Row) => {
    for (const index of order) {
      const difference = compareCanonical(a[index] ?? null, b[index] ?? null, classes[index] ?? 'text')
      if (difference !== 0) return difference
    }
    return 0
  }
}

function canonicalEqual(expected: string | null, actual: string | null, valueClass: ValueClass, tolerance: number): boolean {
  if (expected === null || actual === null) return expected === actual
  if (expected === actual) return true
  return usesTolerance(valueClass) && tolerance > 0 && numbersClose(parseNumber(expected), parseNumber(actual), tolerance)
}

/** Index of the first column where the rows differ, or -1. */
function firstDifferentColumn(expected: Row, actual: Row, classes: ValueClass[], tolerance: number): number {
  return classes.findIndex((valueClass, index) => !canonicalEqual(expected[index] ?? null, actual[index] ?? null, valueClass, tolerance))
}

interface RunMismatch {
  expectedIndex: number
  actualIndex: number
  column: number
  /** The run has more than one row, so the row's place inside it is free. */
  unorderedRun: boolean
}

/** Compares rows [start, end) of both sides as multisets. Returns the first mismatch, or null. */
function compareRun(
  expected: PreparedSide,
  actual: PreparedSide,
  start: number,
  end: number,
  classes: ValueClass[],
  tolerance: number,
): RunMismatch | null {
  if (end - start === 1) {
    const column = firstDifferentColumn(expected.canonical[start]!, actual.canonical[start]!, classes, tolerance)
    return column < 0 ? null : { expectedIndex: start, actualIndex: start, column, unorderedRun: false }
  }
  const sorter = rowSorter(classes, tolerance)
  const indexes = (side: PreparedSide) =>
    Array.from({ length: end - start }, (_, offset) => start + offset).sort((a, b) => sorter(side.canonical[a]!, side.canonical[b]!))
  const expectedOrder = indexes(expected)
  const actualOrder = indexes(actual)
  for (let offset = 0; offset < expectedOrder.length; offset++) {
    const expectedIndex = expectedOrder[offset]!
    const actualIndex = actualOrder[offset]!
    const column = firstDifferentColumn(expected.canonical[expectedIndex]!, actual.canonical[actualIndex]!, classes, tolerance)
    if (column >= 0) return { expectedIndex, actualIndex, column, unorderedRun: true }
  }
  return null
}

function describeMismatch(
  mismatch: RunMismatch,
  expected: PreparedSide,
  actual: PreparedSide,
  columnNames: string[],
  classes: ValueClass[],
  tolerance: number,
  ordered: boolean,
  reveal: boolean,
  runs: [number, number][],
): { message: string; difference: ValueDifference } {
  const column = columnNames[mismatch.column] ?? `column ${mismatch.column + 1}`
  const expectedRow = expected.raw[mismatch.expectedIndex]!
  const actualRow = actual.raw[mismatch.actualIndex]!
  const expectedValue = expectedRow[mismatch.column] ?? null
  const actualValue = actualRow[mismatch.column] ?? null
  const difference: ValueDifference = {
    rowNumber: mismatch.unorderedRun ? null : mismatch.actualIndex + 1,
    column,
    expected: expectedValue,
    actual: actualValue,
    expectedRow,
    actualRow,
  }
  const tolerated = usesTolerance(classes[mismatch.column] ?? 'text') && tolerance > 0 ? ` (allowing a relative difference of ${tolerance})` : ''
  if (!reveal) return { message: concealedMismatchMessage(mismatch, expected, actual, columnNames, classes, tolerance, ordered, runs), difference }
  if (!mismatch.unorderedRun) {
    return {
      message: `Row ${mismatch.actualIndex + 1}, column "${column}": expected ${formatValue(expectedValue)} but got ${formatValue(actualValue)}${tolerated}.${expectedRow.length > 1 ? ` Expected row: ${formatRow(expectedRow)}.` : ''}`,
      difference,
    }
  }
  const where = ordered ? `Among rows ${mismatch.expectedIndex + 1}… that tie on the sort order` : 'Row order does not matter here; comparing'
  return {
    message: `${where} the rows do not match: the expected row ${formatRow(expectedRow)} is not in your result. Your closest row is ${formatRow(actualRow)}, which has ${formatValue(actualValue)} in column "${column}" where ${formatValue(expectedValue)} is expected${tolerated}.`,
    difference,
  }
}

/** How the learner's value stands to the expected one, in words that do not give the expected one away. */
function direction(expected: string | null, actual: string | null, valueClass: ValueClass): string {
  if (expected === null) return 'has a value where none (NULL) is expected'
  if (actual === null) return 'is NULL where a value is expected'
  if (ORDERED_CLASSES.has(valueClass)) {
    return compareCanonical(actual, expected, valueClass) > 0 ? 'is higher than expected' : 'is lower than expected'
  }
  return 'differs from the expected value'
}

const ORDERED_CLASSES = new Set<ValueClass>(['integer', 'decimal', 'float', 'date', 'timestamp', 'timestamptz', 'time', 'interval'])

/**
 * Rows whose value in each column differs from the expected row lined up with them: both sides sorted
 * the same way inside each run of rows whose place is free, then compared row by row.
 */
function differingRowsPerColumn(expected: PreparedSide, actual: PreparedSide, classes: ValueClass[], tolerance: number, runs: [number, number][]): number[] {
  const counts = classes.map(() => 0)
  const sorter = rowSorter(classes, tolerance)
  for (const [start, end] of runs) {
    const order = (side: PreparedSide) => side.canonical.slice(start, end).sort(sorter)
    const expectedRows = order(expected)
    const actualRows = order(actual)
    expectedRows.forEach((row, offset) => {
      classes.forEach((valueClass, index) => {
        if (!canonicalEqual(row[index] ?? null, actualRows[offset]?.[index] ?? null, valueClass, tolerance)) counts[index]! += 1
      })
    })
  }
  return counts
}

function concealedMismatchMessage(
  mismatch: RunMismatch,
  expected: PreparedSide,
  actual: PreparedSide,
  columnNames: string[],
  classes: ValueClass[],
  tolerance: number,
  ordered: boolean,
  runs: [number, number][],
): string {
  const name = (index: number) => `"${columnNames[index] ?? `column ${index + 1}`}"`
  const valueClass = classes[mismatch.column] ?? 'text'
  const counts = differingRowsPerColumn(expected, actual, classes, tolerance, runs)
  const differing = counts.flatMap((count, index) => (count > 0 ? [`${name(index)} in ${plural(count, 'row')}`] : []))
  const summary = differing.length > 0 ? ` Columns that differ: ${differing.join(', ')}.` : ''
  const sign = direction(expected.canonical[mismatch.expectedIndex]?.[mismatch.column] ?? null, actual.canonical[mismatch.actualIndex]?.[mismatch.column] ?? null, valueClass)
  const tolerated = usesTolerance(valueClass) && tolerance > 0 ? ` (allowing a relative difference of ${tolerance})` : ''
  const where = mismatch.unorderedRun
    ? `${ordered ? `Among rows ${mismatch.expectedIndex + 1}… that tie on the sort order, your` : 'Row order does not matter here; your'} rows do not match the expected ones: in the closest row, the value of ${name(mismatch.column)}`
    : `Row ${mismatch.actualIndex + 1}, column ${name(mismatch.column)}: your value`
  return `${where} ${sign}${tolerated}.${summary}`
}

function classesFor(expected: SqlResultSet, actual: SqlResultSet): ValueClass[] {
  return expected.columns.map((column, index) =>
    comparisonClass(valueClassOf(column.typeOid), valueClassOf(actual.columns[index]?.typeOid ?? column.typeOid)),
  )
}

export function compareResultSets(expected: SqlResultSet, actual: SqlResultSet, options: ComparisonOptions): ComparisonOutcome {
  const columnsOutcome = compareColumns(expected, actual, options)
  if (columnsOutcome) return columnsOutcome
  const rowsOutcome = compareRowCounts(expected.rows.length, expected.truncated, actual, options.revealExpected === true)
  if (rowsOutcome) return rowsOutcome

  const classes = classesFor(expected, actual)
  const tolerance = options.floatTolerance
  const expectedSide = { raw: expected.rows, canonical: canonicalRows(expected.rows, classes) }
  const actualSide = { raw: actual.rows, canonical: canonicalRows(actual.rows, classes) }
  const ordered = options.orderBy !== null && options.orderBy.length > 0
  const runs = sortKeyRuns(expectedSide.canonical, options.orderBy)
  for (const [start, end] of runs) {
    const mismatch = compareRun(expectedSide, actualSide, start, end, classes, tolerance)
    if (!mismatch) continue
    // Right rows in the wrong order deserve their own sentence: the fix is an ORDER BY, not the query.
    if (ordered && runs.length > 1 && compareRun(expectedSide, actualSide, 0, expected.rows.length, classes, tolerance) === null) {
      const sortColumns = (options.orderBy ?? []).map((index) => `"${expected.columns[index]?.name ?? index + 1}"`).join(', ')
      return {
        equal: false,
        check: 'values',
        wrongOrder: true,
        message: `Your result has the right rows but in the wrong order: from row ${start + 1} on, the order differs. Sort the rows as the question asks (the expected order is by ${sortColumns}).`,
      }
    }
    const names = expected.columns.map((column) => column.name)
    const { message, difference } = describeMismatch(mismatch, expectedSide, actualSide, names, classes, tolerance, ordered, options.revealExpected === true, runs)
    return { equal: false, check: 'values', message, difference }
  }
  return { equal: true }
}

// ---------------------------------------------------------------------------------------------
// Big results: an order-independent fingerprint instead of the rows.

/** Results with more rows than this are cached as a fingerprint rather than kept in memory. */
export const FINGERPRINT_ROW_THRESHOLD = 10_000

export interface ResultFingerprint {
  columns: SqlResultSet['columns']
  rowCount: number
  truncated: boolean
  digest: string
}

// A per-process seed: fingerprints never leave the process, and a learner cannot aim for a collision.
const SEED = randomBytes(4).readUInt32LE(0)

/** cyrb53 (public domain): a fast, well-mixed 53-bit string hash, returned as two 32-bit lanes. */
function hashLanes(text: string, seed: number): [number, number] {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return [h1 >>> 0, h2 >>> 0]
}

/**
 * Spelling of a value for the fingerprint. Tolerant numbers are rounded to one significant digit more
 * than the tolerance resolves, so values equal within tolerance usually hash alike, and values further
 * apart than the tolerance never do. "Usually" is why a fingerprint mismatch is not a verdict.
 */
function fingerprintValue(value: string | null, valueClass: ValueClass, tolerance: number): string {
  if (value === null) return '\u0000'
  const canonical = canonicalValue(value, valueClass)
  if (!isNumberClass(valueClass) || tolerance <= 0 || !canonical.includes('.')) return canonical
  const number = Number(canonical)
  if (!Number.isFinite(number)) return canonical
  const digits = Math.min(17, Math.max(1, Math.ceil(-Math.log10(tolerance)) + 1))
  const rounded = Number(number.toPrecision(digits))
  return canonicalDecimal(String(rounded)) ?? String(rounded)
}

/**
 * Fingerprint of a result: rows hashed after canonicalisation, combined by addition (so order and
 * grouping do not matter) within each run of equal sort-key values, runs combined in order.
 * Each side uses its own column types: numbers of any type hash alike when they are equal integers.
 */
export function fingerprintResultSet(result: SqlResultSet, orderBy: number[] | null, tolerance: number): ResultFingerprint {
  const classes = result.columns.map((column) => {
    const valueClass = valueClassOf(column.typeOid)
    // Dates hash as midnight timestamps, matching `comparisonClass`.
    return valueClass === 'date' ? 'timestamp' : valueClass
  })
  const hashed = result.rows.map((row) => row.map((value, index) => fingerprintValue(value, classes[index] ?? 'text', tolerance)))
  const runs = sortKeyRuns(hashed, orderBy)
  let sequence = `${result.rows.length}`
  for (const [start, end] of runs) {
    let sumA = 0
    let sumB = 0
    for (let index = start; index < end; index++) {
      const [a, b] = hashLanes(hashed[index]!.join('\u0001'), SEED)
      sumA = (sumA + a) >>> 0
      sumB = (sumB + b) >>> 0
    }
    const [a, b] = hashLanes(`${sequence}|${sumA}.${sumB}.${end - start}`, SEED)
    sequence = `${a.toString(16)}${b.toString(16)}`
  }
  return { columns: result.columns, rowCount: result.rows.length, truncated: result.truncated, digest: sequence }
}

/**
 * Compares a learner's result with a reference fingerprint. Column and row checks are exact; an equal
 * digest means equal values. A different digest is not a verdict (tolerance, hash rounding), so the
 * caller must compare against the reference's rows.
 */
export function compareToFingerprint(
  expected: ResultFingerprint,
  actual: SqlResultSet,
  options: ComparisonOptions,
): ComparisonOutcome | 'needs-full-comparison' {
  const shapeOnly: SqlResultSet = { columns: expected.columns, rows: [], rowCount: expected.rowCount, truncated: expected.truncated, durationMs: 0 }
  const columnsOutcome = compareColumns(shapeOnly, actual, options)
  if (columnsOutcome) return columnsOutcome
  const rowsOutcome = compareRowCounts(expected.rowCount, expected.truncated, actual, options.revealExpected === true)
  if (rowsOutcome) return rowsOutcome
  const digest = fingerprintResultSet(actual, options.orderBy, options.floatTolerance).digest
  return digest === expected.digest ? { equal: true } : 'needs-full-comparison'
}
