// The feedback of an answer that is right on the public data but wrong on a killing database: that
// small made-up database and both results side by side (issue 16). It is synthetic — its rows were
// made to tell this question's near-miss queries apart — so showing it, and the expected result on
// it, says nothing about the graded datasets: this is the one place feedback shows expected values
// before answers are revealed. Never the reference SQL; never a row of the public or hidden data.
import type { ReferenceResult } from '../grade-sql-answer.ts'
import type { SqlResultSet } from '../result-set.ts'
import type { KillingDatabase } from '../../../course/killing-data.ts'

const MAX_ROWS_SHOWN = 12
const MAX_CELL_CHARS = 40

function cellText(value: string | number | null): string {
  if (value === null) return 'NULL'
  const text = String(value)
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text
}

/** A psql-like table: header, rule, rows (cut after MAX_ROWS_SHOWN with a count of the rest). */
export function textTable(columns: string[], rows: (string | number | null)[][]): string {
  const shown = rows.slice(0, MAX_ROWS_SHOWN).map((row) => row.map(cellText))
  const widths = columns.map((column, index) => Math.max(column.length, ...shown.map((row) => row[index]!.length)))
  const line = (cells: string[]) => ` ${cells.map((text, index) => text.padEnd(widths[index]!)).join(' | ')}`.trimEnd()
  const lines = [line(columns), `-${widths.map((width) => '-'.repeat(width)).join('-+-')}-`, ...shown.map(line)]
  if (rows.length > shown.length) lines.push(` … and ${rows.length - shown.length} more rows`)
  lines.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`)
  return lines.join('\n')
}

/** The tables of the killing database a learner needs to see: every trip table it fills, and the zones they use. */
function databaseTables(database: KillingDatabase): string[] {
  const parts: string[] = []
  for (const [name, table] of Object.entries(database.tables)) {
    if (name === 'taxi_zone_lookup' || table.rows.length === 0) continue
    parts.push(`${name}:\n${textTable(table.columns, table.rows)}`)
  }
  if (database.tables.taxi_zone_lookup) {
    parts.push(`taxi_zone_lookup:\n${textTable(database.tables.taxi_zone_lookup.columns, database.tables.taxi_zone_lookup.rows)}`)
  } else parts.push('taxi_zone_lookup: the usual 265 zones.')
  const empty = Object.entries(database.tables).filter(([, table]) => table.rows.length === 0).map(([name]) => name)
  const absent = ['yellow_tripdata', 'green_tripdata', 'fhv_tripdata'].filter((name) => !(name in database.tables))
  if (empty.length + absent.length > 0) parts.push(`${[...empty, ...absent].join(', ')}: no rows.`)
  return parts
}

export const COUNTEREXAMPLE_LEAD =
  'Your query is right on the public data, but not on this small made-up database (columns not shown are NULL):'

export function counterexampleMessage(database: KillingDatabase, expected: ReferenceResult, actual: SqlResultSet | { error: string }): string {
  const expectedTable = textTable(
    expected.columns.map((column) => column.name),
    expected.rows ?? [],
  )
  const yours = 'error' in actual ? `Your query fails there: ${actual.error}` : `Your result:\n${textTable(actual.columns.map((column) => column.name), actual.rows)}`
  return [COUNTEREXAMPLE_LEAD, ...databaseTables(database), `Expected result:\n${expectedTable}`, yours, 'Which rows does your query treat differently?'].join('\n\n')
}

/** Rows in the killing database, for picking the smallest counterexample to show. */
export function killingRowCount(database: KillingDatabase): number {
  return Object.entries(database.tables).reduce((sum, [name, table]) => sum + (name === 'taxi_zone_lookup' ? 0 : table.rows.length), 0)
}
