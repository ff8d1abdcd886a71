// Text forms of generated values, as the TLC CSV files write them: `2019-10-01 00:26:02`, `5.5`,
// `-52`, and an empty field for a missing value. The same lines feed PostgreSQL's COPY … (FORMAT csv).
import type { ColumnDefinition, Row } from './schema.ts'

/** Hundredths as the shortest decimal: 550 → "5.5", -5200 → "-52", 1234 → "12.34". */
export function formatHundredths(value: number): string {
  const sign = value < 0 ? '-' : ''
  const magnitude = Math.abs(value)
  const whole = Math.floor(magnitude / 100)
  const fraction = magnitude % 100
  if (fraction === 0) return `${sign}${whole}`
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`
  return `${sign}${whole}.${String(fraction).padStart(2, '0')}`
}

const dayPrefixes = new Map<number, string>()
const two = (value: number) => (value < 10 ? `0${value}` : String(value))

/** Wall-clock seconds (see generate.ts) as `YYYY-MM-DD HH:MM:SS`. */
export function formatTimestamp(seconds: number): string {
  const day = Math.floor(seconds / 86_400)
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 10)
    dayPrefixes.set(day, prefix)
  }
  const inDay = seconds - day * 86_400
  return `${prefix} ${two(Math.floor(inDay / 3600))}:${two(Math.floor(inDay / 60) % 60)}:${two(inDay % 60)}`
}

function formatText(value: string): string {
  if (value === '' || /[",\n\r]/.test(value)) return `"${value.replaceAll('"', '""')}"`
  return value
}

export function formatCsvRow(columns: readonly ColumnDefinition[], row: Row): string {
  let line = ''
  for (let index = 0; index < columns.length; index++) {
    if (index > 0) line += ','
    const value = row[index]
    if (value === null || value === undefined) continue
    const kind = columns[index]!.kind
    if (kind === 'timestamp') line += formatTimestamp(value as number)
    else if (kind === 'money' || kind === 'distance') line += formatHundredths(value as number)
    else if (kind === 'text') line += formatText(value as string)
    else line += String(value)
  }
  return line
}

export function csvHeader(columns: readonly ColumnDefinition[]): string {
  return columns.map((column) => column.name).join(',')
}

/**
 * Rows as CSV text in chunks of many lines: one write per line would make streams the bottleneck.
 */
export function* csvChunks(
  columns: readonly ColumnDefinition[],
  rows: Iterable<Row>,
  options: { header?: boolean; linesPerChunk?: number; onRows?: (count: number) => void } = {},
): Generator<string> {
  const linesPerChunk = options.linesPerChunk ?? 2000
  let chunk = options.header ? `${csvHeader(columns)}\n` : ''
  let lines = 0
  for (const row of rows) {
    chunk += `${formatCsvRow(columns, row)}\n`
    if (++lines === linesPerChunk) {
      options.onRows?.(lines)
      yield chunk
      chunk = ''
      lines = 0
    }
  }
  if (lines > 0) options.onRows?.(lines)
  if (chunk) yield chunk
}
