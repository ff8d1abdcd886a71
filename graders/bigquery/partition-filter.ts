// Partition pruning as BigQuery's dry run applies it: a filter on the partitioning column (or DATE()
// of it) compared with a constant prunes partitions; anything else (OR, functions of the column,
// subqueries, parameters) scans every partition. A predicate answers "may this partition hold a
// matching row?" for the partition's time range [start, end) in UTC milliseconds.
import { type AstNode, identifierName, literalOf, nodeKind } from './ast.ts'

export type PartitionPredicate = (start: number, end: number) => boolean

const DAY_MS = 86_400_000
const LITERAL_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?)?(?:\s*(?:UTC|Z|[+-]00(?::?00)?))?$/

/** A constant time in UTC ms, from '2019-10-01', DATE '2019-10-01', TIMESTAMP '…', CAST('…' AS DATE), DATE('…'). */
export function constantTime(expression: unknown): number | null {
  const literal = literalOf(expression)
  if (literal) {
    const match = LITERAL_TIME.exec(literal.value.trim())
    if (!match || literal.type === 'number') return null
    const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match
    return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)))
  }
  const node = nodeKind(expression)
  if (!node) return null
  const [kind, body] = node
  if (kind === 'cast') return constantTime(body.this)
  if (kind === 'function' && ['DATE', 'TIMESTAMP', 'DATETIME'].includes(String(body.name).toUpperCase()) && body.args?.length === 1) {
    return constantTime(body.args[0])
  }
  return null
}

interface PartitionTerm {
  /** The term's value granularity: 1 ms for the column itself, a day for DATE(column). */
  day: boolean
}

function isPartitionColumn(expression: unknown, column: string, qualifiers: ReadonlySet<string>): boolean {
  const node = nodeKind(expression)
  if (!node || node[0] !== 'column') return false
  const name = identifierName(node[1].name)
  const qualifier = identifierName(node[1].table)
  return name !== null && name.toLowerCase() === column.toLowerCase() && (qualifier === null || qualifiers.has(qualifier))
}

function partitionTerm(expression: unknown, column: string, qualifiers: ReadonlySet<string>): PartitionTerm | null {
  if (isPartitionColumn(expression, column, qualifiers)) return { day: false }
  const node = nodeKind(expression)
  if (!node) return null
  const [kind, body] = node
  if (kind === 'function' && String(body.name).toUpperCase() === 'DATE' && body.args?.length === 1 && isPartitionColumn(body.args[0], column, qualifiers)) {
    return { day: true }
  }
  if (kind === 'cast' && body.to?.data_type === 'date' && isPartitionColumn(body.this, column, qualifiers)) return { day: true }
  return null
}

function range(term: PartitionTerm, start: number, end: number): [number, number] {
  if (!term.day) return [start, end - 1]
  return [Math.floor(start / DAY_MS) * DAY_MS, Math.floor((end - 1) / DAY_MS) * DAY_MS]
}

const FLIPPED: Record<string, string> = { gt: 'lt', gte: 'lte', lt: 'gt', lte: 'gte', eq: 'eq' }

function comparison(kind: string, term: PartitionTerm, value: number): PartitionPredicate {
  return (start, end) => {
    const [low, high] = range(term, start, end)
    switch (kind) {
      case 'eq':
        return low <= value && value <= high
      case 'gt':
        return high > value
      case 'gte':
        return high >= value
      case 'lt':
        return low < value
      default:
        return low <= value
    }
  }
}

/** The predicate of one conjunct, or null when it does not constrain the partitioning column. */
function conjunctPredicate(expression: AstNode, column: string, qualifiers: ReadonlySet<string>): PartitionPredicate | null {
  const node = nodeKind(expression)
  if (!node) return null
  const [kind, body] = node
  if (kind === 'paren') return conjunctPredicate(body.this, column, qualifiers)
  if (kind in FLIPPED) {
    const leftTerm = partitionTerm(body.left, column, qualifiers)
    const rightValue = constantTime(body.right)
    if (leftTerm && rightValue !== null) return comparison(kind, leftTerm, rightValue)
    const rightTerm = partitionTerm(body.right, column, qualifiers)
    const leftValue = constantTime(body.left)
    if (rightTerm && leftValue !== null) return comparison(FLIPPED[kind]!, rightTerm, leftValue)
    return null
  }
  if (kind === 'between' && !body.not) {
    const term = partitionTerm(body.this, column, qualifiers)
    const low = constantTime(body.low)
    const high = constantTime(body.high)
    if (!term || low === null || high === null) return null
    const atLeast = comparison('gte', term, low)
    const atMost = comparison('lte', term, high)
    return (start, end) => atLeast(start, end) && atMost(start, end)
  }
  if (kind === 'in' && !body.not && !body.query) {
    const term = partitionTerm(body.this, column, qualifiers)
    const values = (body.expressions ?? []).map(constantTime)
    if (!term || values.length === 0 || values.some((value: number | null) => value === null)) return null
    const equalities = values.map((value: number) => comparison('eq', term, value))
    return (start, end) => equalities.some((predicate: PartitionPredicate) => predicate(start, end))
  }
  return null
}

/** Top-level AND terms of a WHERE clause. */
export function conjuncts(expression: unknown): AstNode[] {
  const node = nodeKind(expression)
  if (!node) return []
  const [kind, body] = node
  if (kind === 'and') return [...conjuncts(body.left), ...conjuncts(body.right)]
  if (kind === 'paren' && nodeKind(body.this)?.[0] === 'and') return conjuncts(body.this)
  return [expression as AstNode]
}

/** The pruning predicate of a WHERE clause for one table reference; null when it prunes nothing. */
export function partitionPredicate(where: unknown, column: string, qualifiers: ReadonlySet<string>): PartitionPredicate | null {
  const predicates = conjuncts(where)
    .map((conjunct) => conjunctPredicate(conjunct, column, qualifiers))
    .filter((predicate): predicate is PartitionPredicate => predicate !== null)
  if (predicates.length === 0) return null
  return (start, end) => predicates.every((predicate) => predicate(start, end))
}
