// Turns a PostgreSQL error into feedback a learner can act on: the message, the offending line with a
// caret under the position (as psql shows it), and PostgreSQL's hint.

const MAX_LINE_CHARS = 120
const MAX_FEEDBACK_CHARS = 1_500

/**
 * "LINE 2: WHERE fare > 'abc'" and a caret under the error position. `position` is PostgreSQL's
 * 1-based character offset into the whole statement. Long lines are cut to a window around the caret.
 */
export function caretExcerpt(sql: string, position: number): string | null {
  if (!Number.isInteger(position) || position < 1 || position > sql.length + 1) return null
  const offset = position - 1
  const lineStart = sql.lastIndexOf('\n', offset - 1) + 1
  const lineEndIndex = sql.indexOf('\n', offset)
  const line = sql.slice(lineStart, lineEndIndex === -1 ? sql.length : lineEndIndex).replace(/\t/g, ' ').replace(/\r$/, '')
  const lineNumber = sql.slice(0, lineStart).split('\n').length
  let column = offset - lineStart
  let shown = line
  if (line.length > MAX_LINE_CHARS) {
    const start = Math.max(0, Math.min(column - MAX_LINE_CHARS / 2, line.length - MAX_LINE_CHARS))
    shown = `${start > 0 ? '…' : ''}${line.slice(start, start + MAX_LINE_CHARS)}${start + MAX_LINE_CHARS < line.length ? '…' : ''}`
    column = column - start + (start > 0 ? 1 : 0)
  }
  const prefix = `LINE ${lineNumber}: `
  return `${prefix}${shown}\n${' '.repeat(prefix.length + column)}^`
}

export interface SqlErrorForFeedback {
  message: string
  position?: number | undefined
  hint?: string | undefined
  detail?: string | undefined
}

function cap(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text
}

/** Full feedback for a statement that failed to parse or to run. */
export function describeSqlError(sql: string, error: SqlErrorForFeedback, lead: string): string {
  const parts = [`${lead} ${cap(error.message, 500)}`]
  const excerpt = error.position === undefined ? null : caretExcerpt(sql, error.position)
  if (excerpt) parts.push(excerpt)
  if (error.detail) parts.push(`DETAIL: ${cap(error.detail, 300)}`)
  if (error.hint) parts.push(`HINT: ${cap(error.hint, 300)}`)
  return cap(parts.join('\n'), MAX_FEEDBACK_CHARS)
}
