// Small helpers over @polyglot-sql/sdk's JSON syntax tree: every node is an object with one key (its
// kind: "select", "column", "function", …) whose value holds the node's fields.
import { Dialect, generate, transpile } from '@polyglot-sql/sdk'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's tree is untyped JSON
export type AstValue = any
export type AstNode = Record<string, AstValue>

export function isObject(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The node's kind and body when `value` is a one-key node ({ column: {...} }). */
export function nodeKind(value: unknown): [string, AstNode] | null {
  if (!isObject(value)) return null
  const keys = Object.keys(value)
  if (keys.length !== 1) return null
  const body = value[keys[0]!]
  return isObject(body) ? [keys[0]!, body] : null
}

/** Pre-order walk over every object in the tree; `visit` returning false skips the object's children. */
export function walk(value: unknown, visit: (node: AstNode) => boolean | void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit)
    return
  }
  if (!isObject(value)) return
  if (visit(value) === false) return
  for (const child of Object.values(value)) walk(child, visit)
}

/** Identifier objects are { name, quoted }. */
export function identifierName(value: unknown): string | null {
  return isObject(value) && typeof value.name === 'string' ? value.name : null
}

/** Is `value` a table reference body ({ name, schema, catalog, alias, … })? */
export function isTableBody(value: unknown): value is AstNode {
  return isObject(value) && 'schema' in value && 'catalog' in value && isObject(value.name)
}

/** A literal's text when the node is a literal (string, number, date, timestamp…). */
export function literalOf(value: unknown): { type: string; value: string } | null {
  const node = nodeKind(value)
  if (!node || node[0] !== 'literal') return null
  return { type: String(node[1].literal_type), value: String(node[1].value) }
}

/** Replaces a node's content in place (its single key and body). */
export function replaceNode(target: AstNode, replacement: AstNode): void {
  for (const key of Object.keys(target)) delete target[key]
  Object.assign(target, replacement)
}

export function columnNode(name: string): AstNode {
  return { column: { name: { name, quoted: false }, table: null, join_mark: false } }
}

const EMPTY_SELECT = {
  select: {
    expressions: [] as AstValue[],
    from: null,
    joins: [],
    lateral_views: [],
    where_clause: null,
    group_by: null,
    having: null,
    qualify: null,
    order_by: null,
    distribute_by: null,
    cluster_by: null,
    sort_by: null,
    limit: null,
    offset: null,
    fetch: null,
    distinct: false,
    distinct_on: null,
    top: null,
    with: null,
    sample: null,
    windows: null,
    hint: null,
    connect: null,
    into: null,
    locks: [],
    leading_comments: [],
  },
}

/** BigQuery SQL for one statement tree. */
export function generateBigQuery(statement: AstNode): string {
  const result = generate([statement], Dialect.BigQuery)
  if (!result.success || !result.sql?.[0]) throw new Error(`could not print the statement: ${result.error ?? 'no output'}`)
  return result.sql[0]
}

/** DuckDB SQL for BigQuery SQL, by the transpiler. */
export function transpileToDuckDb(bigQuerySql: string): string {
  const result = transpile(bigQuerySql, Dialect.BigQuery, Dialect.DuckDB)
  if (!result.success || !result.sql || result.sql.length !== 1) throw new Error(`could not translate: ${result.error ?? 'no output'}`)
  return result.sql[0]!
}

/** DuckDB SQL for one BigQuery expression tree. */
export function expressionToDuckDb(expression: AstNode): string {
  const wrapper = structuredClone(EMPTY_SELECT)
  wrapper.select.expressions = [expression]
  const sql = transpileToDuckDb(generateBigQuery(wrapper))
  if (!sql.startsWith('SELECT ')) throw new Error(`unexpected translation of an expression: ${sql}`)
  return sql.slice('SELECT '.length)
}
