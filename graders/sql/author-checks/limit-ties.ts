// Ties at the reference's top-level LIMIT boundary, whatever its ORDER BY sorts on — including
// `ORDER BY count(*) DESC LIMIT 1` where the sort key is not an output column. The reference is
// rewritten on its parse tree: every sort key is also selected (as __sort_key_<n>), and the LIMIT
// grows by one. If rows n and n + 1 have the same sort keys, LIMIT n keeps one of them at random.
import { deparseSync } from 'pgsql-deparser'
import { pgParser } from '../../../sandbox/postgres/pg-parser.ts'
import type { SqlRunner } from '../sql-runner.ts'

/** libpg-query's `parse`, the parser loaded on first use (sandbox/postgres/pg-parser.ts). */
const parse = async (sql: string) => (await pgParser()).parse(sql)

type Node = Record<string, unknown>

export type LimitTieOutcome =
  | { kind: 'no-limit' }
  | { kind: 'no-tie' }
  | { kind: 'tie'; limit: number }
  | { kind: 'not-checkable'; reason: string }

/** The sort key as an expression over the FROM clause: positions and output names become the select-list expression. */
function sortExpression(key: Node, targets: Node[]): unknown {
  const constant = (key.A_Const as Node | undefined)?.ival as Node | undefined
  if (constant) return structuredClone((targets[Number(constant.ival ?? 0) - 1]?.ResTarget as Node | undefined)?.val ?? key)
  const fields = (key.ColumnRef as Node | undefined)?.fields as Node[] | undefined
  if (fields?.length === 1) {
    const name = (fields[0]!.String as Node | undefined)?.sval
    const target = targets.find((entry) => (entry.ResTarget as Node).name === name)
    if (target) return structuredClone((target.ResTarget as Node).val)
  }
  return structuredClone(key)
}

export async function checkLimitTies(sql: string, runner: SqlRunner, database: string): Promise<LimitTieOutcome> {
  const tree = (await parse(sql)) as { stmts: { stmt: Node }[] }
  const select = tree.stmts[0]?.stmt.SelectStmt as Node | undefined
  const limitValue = ((select?.limitCount as Node | undefined)?.A_Const as Node | undefined)?.ival as Node | undefined
  if (!select || !select.limitCount || select.limitOption === 'LIMIT_OPTION_WITH_TIES') return { kind: 'no-limit' }
  if (!limitValue) return { kind: 'not-checkable', reason: 'the LIMIT is not a number literal' }
  const limit = Number(limitValue.ival ?? 0)
  const sorts = (select.sortClause ?? []) as Node[]
  if (sorts.length === 0) return { kind: 'tie', limit }
  const targets = select.targetList as Node[] | undefined
  if (!targets || select.op !== 'SETOP_NONE') return { kind: 'not-checkable', reason: 'the query is a set operation (UNION …)' }
  if (limit === 0) return { kind: 'no-tie' }

  const width = targets.length
  const widened = structuredClone(tree)
  const body = widened.stmts[0]!.stmt.SelectStmt as Node
  const keys = sorts.map((sort, index) => ({
    ResTarget: { name: `__sort_key_${index}`, val: sortExpression((sort.SortBy as Node).node as Node, targets) },
  }))
  body.targetList = [...targets, ...keys]
  body.limitCount = { A_Const: { ival: { ival: limit + 1 } } }
  let rewritten: string
  try {
    rewritten = deparseSync(widened as Parameters<typeof deparseSync>[0])
  } catch {
    return { kind: 'not-checkable', reason: 'the rewritten query could not be printed' }
  }
  let result
  try {
    result = await runner.run(database, rewritten, { allowed: ['select'] })
  } catch (error) {
    return { kind: 'not-checkable', reason: `the query with its sort keys selected fails: ${error instanceof Error ? error.message : String(error)}` }
  }
  if (result.rows.length <= limit) return { kind: 'no-tie' }
  const key = (row: (string | null)[]) => JSON.stringify(row.slice(width))
  const whole = (row: (string | null)[]) => JSON.stringify(row.slice(0, width))
  const last = result.rows[limit - 1]!
  const next = result.rows[limit]!
  return key(last) === key(next) && whole(last) !== whole(next) ? { kind: 'tie', limit } : { kind: 'no-tie' }
}
