// What the reference's top-level ORDER BY fixes about its output, read from its AST.
// A sort key that maps to an output column lets the comparator check order; a key that does not
// (an expression not in the select list) stops the mapping there: rows that tie on the mapped
// prefix may come in any order, which is never stricter than the reference itself.

/** A libpg-query parse-tree node, `{ SelectStmt: {...} }` and the like; we read only a few fields. */
export type AstNode = Record<string, unknown>

/** The SelectStmt body of a statement node, or null. */
export function selectBody(node: AstNode): Record<string, unknown> | null {
  const body = node.SelectStmt
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null
}

export type SortKey =
  /** ORDER BY 2 */
  | { kind: 'position'; position: number }
  /** A select-list entry matched by expression, e.g. ORDER BY count(*) with count(*) selected. */
  | { kind: 'target'; index: number }
  /**
   * A bare (or, under SELECT *, qualified) name: resolved against the reference's real output column
   * names, because PostgreSQL matches ORDER BY names to output names first. `targetIndex` is the
   * select-list entry with the same input column, used when no output column has the name.
   */
  | { kind: 'name'; name: string; targetIndex: number | null }
  | { kind: 'unmappable' }

export interface ReferenceOrdering {
  /** The reference has a top-level ORDER BY. */
  sorted: boolean
  keys: SortKey[]
}

/** AST without source locations, so that the same expression written twice compares equal. */
function withoutLocations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLocations)
  if (node && typeof node === 'object') {
    const entries = Object.entries(node as Record<string, unknown>)
      .filter(([key]) => key !== 'location')
      .map(([key, value]) => [key, withoutLocations(value)] as const)
    return Object.fromEntries(entries)
  }
  return node
}

function sameExpression(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutLocations(a)) === JSON.stringify(withoutLocations(b))
}

interface ResTarget {
  name?: string
  val?: AstNode
}

function columnRefFields(node: AstNode | undefined): string[] | null {
  const ref = node?.ColumnRef as { fields?: AstNode[] } | undefined
  if (!ref?.fields) return null
  const names = ref.fields.map((field) => (field.String as { sval?: string } | undefined)?.sval)
  return names.every((name): name is string => typeof name === 'string') ? names : null
}

function isStar(target: ResTarget): boolean {
  const ref = target.val?.ColumnRef as { fields?: AstNode[] } | undefined
  return Boolean(ref?.fields?.some((field) => 'A_Star' in field))
}

function integerConstant(node: AstNode | undefined): number | null {
  const constant = node?.A_Const as { ival?: { ival?: number } } | undefined
  // libpg-query omits zero-valued fields: `{ ival: {} }` is 0.
  return constant?.ival ? (constant.ival.ival ?? 0) : null
}

function sortKeyFor(expression: AstNode | undefined, targets: ResTarget[]): SortKey {
  const position = integerConstant(expression)
  if (position !== null) return { kind: 'position', position }
  const fields = columnRefFields(expression)
  const matchingTarget = targets.findIndex((target) => target.val !== undefined && sameExpression(target.val, expression))
  if (fields?.length === 1) return { kind: 'name', name: fields[0]!, targetIndex: matchingTarget >= 0 ? matchingTarget : null }
  if (matchingTarget >= 0) return { kind: 'target', index: matchingTarget }
  // `SELECT * … ORDER BY t.a`: the star hides the list, so look the column up by name in the output.
  if (fields && targets.some(isStar)) return { kind: 'name', name: fields[fields.length - 1]!, targetIndex: null }
  return { kind: 'unmappable' }
}

/** The top-level ORDER BY of a SELECT (or set operation) statement node. */
export function referenceOrdering(statement: AstNode): ReferenceOrdering {
  const body = selectBody(statement)
  const sortClause = (body?.sortClause ?? []) as AstNode[]
  if (!body || sortClause.length === 0) return { sorted: false, keys: [] }
  const targets = ((body.targetList ?? []) as AstNode[]).map((entry) => (entry.ResTarget ?? {}) as ResTarget)
  const keys = sortClause.map((entry) => sortKeyFor((entry.SortBy as { node?: AstNode } | undefined)?.node, targets))
  return { sorted: true, keys }
}

export interface SortColumns {
  /** Output column indexes of the mapped prefix of the sort keys. */
  columns: number[]
  /** Every key mapped: ties on `columns` are ties of the reference's whole ORDER BY. */
  complete: boolean
}

/**
 * Maps sort keys to output columns of the reference's result. A select-list index is an output
 * index only when no `*` precedes it, since a star expands to an unknown number of columns.
 */
export function resolveSortColumns(ordering: ReferenceOrdering, statement: AstNode, columnNames: string[]): SortColumns {
  const body = selectBody(statement)
  const targets = ((body?.targetList ?? []) as AstNode[]).map((entry) => (entry.ResTarget ?? {}) as ResTarget)
  const firstStar = targets.findIndex(isStar)
  const targetToColumn = (index: number): number | null =>
    (firstStar === -1 || index < firstStar) && index < columnNames.length ? index : null
  const columns: number[] = []
  for (const key of ordering.keys) {
    let column: number | null = null
    if (key.kind === 'position') column = key.position >= 1 && key.position <= columnNames.length ? key.position - 1 : null
    else if (key.kind === 'target') column = targetToColumn(key.index)
    else if (key.kind === 'name') {
      const matches = columnNames.flatMap((name, index) => (name === key.name ? [index] : []))
      if (matches.length === 1) column = matches[0]!
      else if (matches.length === 0 && key.targetIndex !== null) column = targetToColumn(key.targetIndex)
    }
    if (column === null) return { columns, complete: false }
    columns.push(column)
  }
  return { columns, complete: true }
}
