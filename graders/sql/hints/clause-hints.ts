// Clause-level hints for a wrong SQL answer (issue 16): the learner's parse tree is compared with the
// reference's clause by clause, in the order PostgreSQL evaluates them — FROM → WHERE → GROUP BY →
// HAVING → SELECT → ORDER BY (with LIMIT) — and the first clause that differs is named. Three levels,
// which a homework caps (`sql_hints`): `where` names the clause; `what` also names the columns and
// functions it uses that are not needed there, or that it misses; `how` also names the operators,
// sort directions, limits and constants that differ. Hints come from the reference's text alone,
// never from data, so they cannot leak a dataset; they do reveal parts of the reference, which is why
// the level is the course's to choose. Queries with WITH or UNION get no hint (their shapes vary too
// freely between correct answers for a clause-by-clause comparison to be fair).
import { parse } from 'libpg-query'

import type { SqlHintLevel } from '../../../course/schema.ts'

/** Levels are the course format's (course/schema.ts `sqlHintLevels`): a course caps them, a homework may lower them. */
export type HintLevel = SqlHintLevel

type Node = Record<string, unknown>

const CLAUSES = [
  { name: 'FROM', keys: ['fromClause'] },
  { name: 'WHERE', keys: ['whereClause'] },
  { name: 'GROUP BY', keys: ['groupClause'] },
  { name: 'HAVING', keys: ['havingClause'] },
  { name: 'SELECT', keys: ['targetList', 'distinctClause'] },
  { name: 'ORDER BY', keys: ['sortClause', 'limitCount', 'limitOffset'] },
] as const

function isNode(value: unknown): value is Node {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

/** The clause with what may differ between equally right answers taken out: positions, aliases, table qualifiers. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (!isNode(value)) return value
  const out: Node = {}
  for (const [key, child] of Object.entries(value)) {
    if (key === 'location' || key === 'alias' || key === 'aliasname') continue
    if (key === 'ResTarget' && isNode(child)) {
      out[key] = normalise({ ...child, name: undefined })
      continue
    }
    if (key === 'ColumnRef' && isNode(child)) {
      const fields = child.fields as unknown[]
      out[key] = { fields: normalise(fields.slice(-1)) }
      continue
    }
    if (child !== undefined) out[key] = normalise(child)
  }
  // `a = b` is `b = a`, and `p AND q` is `q AND p`: sides and conjuncts in a fixed order.
  const expr = out.A_Expr as Node | undefined
  if (expr && expr.kind === 'AEXPR_OP' && JSON.stringify(expr.name) === JSON.stringify([{ String: { sval: '=' } }])) {
    const [left, right] = [JSON.stringify(expr.lexpr), JSON.stringify(expr.rexpr)]
    if (left > right) out.A_Expr = { ...expr, lexpr: expr.rexpr, rexpr: expr.lexpr }
  }
  const bool = out.BoolExpr as Node | undefined
  if (bool && bool.boolop === 'AND_EXPR') {
    out.BoolExpr = { ...bool, args: [...(bool.args as unknown[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) }
  }
  return out
}

interface ClauseFacts {
  columns: Set<string>
  functions: Set<string>
  operators: Set<string>
  constants: Set<string>
  directions: Set<string>
}

function factsOf(value: unknown, facts: ClauseFacts = { columns: new Set(), functions: new Set(), operators: new Set(), constants: new Set(), directions: new Set() }): ClauseFacts {
  if (Array.isArray(value)) {
    for (const child of value) factsOf(child, facts)
    return facts
  }
  if (!isNode(value)) return facts
  for (const [key, child] of Object.entries(value)) {
    if (!isNode(child)) {
      factsOf(child, facts)
      continue
    }
    if (key === 'ColumnRef') {
      const last = (child.fields as Node[]).at(-1)
      const name = (last?.String as Node | undefined)?.sval
      if (typeof name === 'string') facts.columns.add(name)
      else if (last && 'A_Star' in last) facts.columns.add('*')
    } else if (key === 'FuncCall') {
      const names = child.funcname as Node[]
      const name = String((names.at(-1)?.String as Node | undefined)?.sval ?? '')
      facts.functions.add(`${name}(${child.agg_star ? '*' : child.agg_distinct ? 'DISTINCT …' : '…'})`)
    } else if (key === 'A_Expr') {
      const names = child.name as Node[] | undefined
      const name = (names?.at(-1)?.String as Node | undefined)?.sval
      if (typeof name === 'string') facts.operators.add(child.kind === 'AEXPR_BETWEEN' ? 'BETWEEN' : name)
    } else if (key === 'A_Const') {
      const constant = child.sval ?? child.ival ?? child.fval ?? child.boolval
      const text = isNode(constant) ? Object.values(constant)[0] : undefined
      if (text !== undefined) facts.constants.add(typeof text === 'string' ? `'${text}'` : String(text))
    } else if (key === 'SortBy') {
      facts.directions.add(child.sortby_dir === 'SORTBY_DESC' ? 'DESC' : 'ASC')
    } else if (key === 'NullTest') {
      facts.operators.add(child.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL')
    }
    factsOf(child, facts)
  }
  return facts
}

const list = (items: string[]) => items.map((item) => `\`${item}\``).join(', ')

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((item) => !b.has(item))
}

async function topSelect(sql: string): Promise<Node | null> {
  try {
    const tree = (await parse(sql)) as { stmts: { stmt: Node }[] }
    if (tree.stmts.length !== 1) return null
    const select = tree.stmts[0]!.stmt.SelectStmt as Node | undefined
    if (!select || select.withClause || (select.op && select.op !== 'SETOP_NONE')) return null
    return select
  } catch {
    return null
  }
}

/** The hint for an answer that gives the wrong result, or null (no level, no comparable shape, or no difference found). */
export async function clauseHint(referenceSql: string, answerSql: string, level: HintLevel): Promise<string | null> {
  if (level === 'off') return null
  const [reference, answer] = await Promise.all([topSelect(referenceSql), topSelect(answerSql)])
  if (!reference || !answer) return null
  for (const clause of CLAUSES) {
    const pick = (select: Node) => clause.keys.map((key) => select[key] ?? null)
    const expected = pick(reference)
    const actual = pick(answer)
    if (JSON.stringify(normalise(expected)) === JSON.stringify(normalise(actual))) continue
    const lines = [`Look at your ${clause.name} clause first: the clauses PostgreSQL evaluates before it do what the question needs.`]
    if (level === 'where') return lines[0]!
    const needed = factsOf(expected)
    const written = factsOf(actual)
    const has = (values: unknown[]) => values.some((value) => value !== null && !(Array.isArray(value) && value.length === 0))
    if (!has(actual)) lines.push(`Your query has no ${clause.name}; the question needs one.`)
    else if (!has(expected)) lines.push(`The question needs no ${clause.name} at all.`)
    const extraColumns = difference(written.columns, needed.columns)
    const missingColumns = difference(needed.columns, written.columns)
    if (extraColumns.length > 0) lines.push(`Your ${clause.name} uses ${list(extraColumns)}, which the question does not need there.`)
    if (missingColumns.length > 0) lines.push(`Your ${clause.name} does not use ${list(missingColumns)}, which the question needs there.`)
    const extraFunctions = difference(written.functions, needed.functions)
    const missingFunctions = difference(needed.functions, written.functions)
    if (extraFunctions.length > 0 || missingFunctions.length > 0) {
      lines.push(
        `Your ${clause.name} ${[extraFunctions.length > 0 ? `calls ${list(extraFunctions)}` : '', missingFunctions.length > 0 ? `lacks ${list(missingFunctions)}` : ''].filter(Boolean).join(' and ')}.`,
      )
    }
    if (level === 'how') {
      const facts: [keyof ClauseFacts, string][] = [
        ['operators', 'operators'],
        ['directions', 'sort directions'],
        ['constants', 'values'],
      ]
      for (const [key, noun] of facts) {
        const extra = difference(written[key], needed[key])
        const missing = difference(needed[key], written[key])
        if (extra.length === 0 && missing.length === 0) continue
        lines.push(`${noun[0]!.toUpperCase()}${noun.slice(1)}: ${[extra.length > 0 ? `yours has ${list(extra)}` : '', missing.length > 0 ? `the question needs ${list(missing)}` : ''].filter(Boolean).join('; ')}.`)
      }
    }
    return lines.join(' ')
  }
  return null
}
