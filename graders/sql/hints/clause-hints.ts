// Clause-level hints for a wrong SQL answer (issue 16): the learner's parse tree is compared with the
// reference's clause by clause, in the order PostgreSQL evaluates them — FROM → WHERE → GROUP BY →
// HAVING → SELECT → ORDER BY (with LIMIT) — and the first clause that differs is named. Three levels,
// which a course caps (`sql_hints` in course.yaml; a homework may lower it): `where` names the clause; `what` also names the columns and
// functions it uses that are not needed there, or that it misses; `how` also names the operators,
// sort directions, limits and constants that differ. Hints come from the reference's text alone,
// never from data, so they cannot leak a dataset; they do reveal parts of the reference, which is why
// the level is the course's to choose.
//
// WITH and set operations: a (non-recursive) WITH query is read as the subquery it stands for, so an
// answer with a CTE and one with the same subquery in FROM compare alike whatever the CTE is called;
// a subquery in FROM is compared before the clauses around it (PostgreSQL builds it first), and the
// hint says where it is ("your WITH query `daily`", "part 2 of the UNION ALL"). Parts of a UNION /
// INTERSECT / EXCEPT are compared in order once both queries combine the same number of parts the
// same way; otherwise the hint says to look at how the query combines them. Recursive WITH gets no hint.
import type { SqlHintLevel } from '../../../course/schema.ts'
import { pgParser } from '../../../sandbox/postgres/pg-parser.ts'

/** libpg-query's `parse`, the parser loaded on first use (sandbox/postgres/pg-parser.ts). */
const parse = async (sql: string) => (await pgParser()).parse(sql)

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
    // `__with` marks an inlined WITH query (its name is the learner's choice).
    if (key === 'location' || key === 'alias' || key === 'aliasname' || key.startsWith('__')) continue
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

/** A parsed SELECT, or null for another statement, a recursive WITH or text that does not parse. */
async function topSelect(sql: string): Promise<Node | null> {
  try {
    const tree = (await parse(sql)) as { stmts: { stmt: Node }[] }
    if (tree.stmts.length !== 1) return null
    const select = tree.stmts[0]!.stmt.SelectStmt as Node | undefined
    return select ? inlineWithQueries(select, new Map()) : null
  } catch {
    return null
  }
}

/** Thrown (and caught by topSelect) for a WITH RECURSIVE: its query cannot be read as a subquery. */
class RecursiveWith extends Error {}

/**
 * The SELECT with every reference to a WITH query replaced by that query as a subquery in FROM
 * (marked `__with` with its name, for the hint). Later WITH queries see earlier ones, as in PostgreSQL.
 */
function inlineWithQueries(select: Node, outer: Map<string, Node>): Node {
  const withClause = select.withClause as Node | undefined
  const scope = new Map(outer)
  if (withClause) {
    if (withClause.recursive) throw new RecursiveWith()
    for (const entry of (withClause.ctes ?? []) as Node[]) {
      const cte = entry.CommonTableExpr as Node
      const query = (cte.ctequery as Node).SelectStmt as Node | undefined
      if (!query) throw new RecursiveWith()
      scope.set(String(cte.ctename), inlineWithQueries(query, scope))
    }
  }
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace)
    if (!isNode(value)) return value
    const range = value.RangeVar as Node | undefined
    if (range && !range.schemaname && scope.has(String(range.relname))) {
      const name = String(range.relname)
      return { RangeSubselect: { subquery: { SelectStmt: structuredClone(scope.get(name)!) }, alias: range.alias ?? { aliasname: name }, __with: name } }
    }
    // A nested SELECT with its own WITH: inlined with what it sees.
    if (isNode(value.SelectStmt)) return { ...value, SelectStmt: inlineWithQueries(value.SelectStmt, scope) }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replace(child)]))
  }
  // A set operation's parts are SELECTs themselves (a join's larg/rarg are not: replace() walks those).
  const { withClause: _with, larg, rarg, ...rest } = select
  const out = replace(rest) as Node
  if (isNode(larg)) out.larg = inlineWithQueries(larg, scope)
  if (isNode(rarg)) out.rarg = inlineWithQueries(rarg, scope)
  return starWrapped(out) ?? out
}

const WRAPPER_CLAUSES = ['whereClause', 'groupClause', 'havingClause', 'sortClause', 'limitCount', 'limitOffset', 'distinctClause', 'windowClause']

/** `SELECT * FROM (subquery) AS x` and nothing else is the subquery itself: its SELECT, else null. */
function starWrapped(select: Node): Node | null {
  if ((select.op && select.op !== 'SETOP_NONE') || WRAPPER_CLAUSES.some((key) => select[key] !== undefined)) return null
  const targets = select.targetList as Node[] | undefined
  const from = select.fromClause as Node[] | undefined
  if (targets?.length !== 1 || from?.length !== 1) return null
  const fields = (((targets[0]!.ResTarget as Node | undefined)?.val as Node | undefined)?.ColumnRef as Node | undefined)?.fields as Node[] | undefined
  if (!fields || !('A_Star' in fields.at(-1)!)) return null
  const sub = from[0]!.RangeSubselect as Node | undefined
  if (!sub || sub.lateral) return null
  return ((sub.subquery as Node | undefined)?.SelectStmt as Node | undefined) ?? null
}

const SET_OPERATIONS: Record<string, string> = { SETOP_UNION: 'UNION', SETOP_INTERSECT: 'INTERSECT', SETOP_EXCEPT: 'EXCEPT' }

interface Combination {
  /** `UNION ALL`, `EXCEPT` …; null for a plain SELECT. */
  operator: string | null
  parts: Node[]
}

/** The parts a set operation combines, flattened while the operator stays the same (`a UNION b UNION c`: three parts). */
function combinationOf(select: Node): Combination {
  const op = select.op as string | undefined
  if (!op || op === 'SETOP_NONE') return { operator: null, parts: [select] }
  const all = Boolean(select.all)
  const flatten = (part: Node): Node[] =>
    part.op === op && Boolean(part.all) === all && !part.sortClause && !part.limitCount
      ? [...flatten(part.larg as Node), ...flatten(part.rarg as Node)]
      : [part]
  return { operator: `${SET_OPERATIONS[op] ?? op}${all ? ' ALL' : ''}`, parts: [...flatten(select.larg as Node), ...flatten(select.rarg as Node)] }
}

/** Subqueries in a FROM clause, in order (joins included), with the WITH query each stands for. */
function fromSubqueries(from: unknown): { select: Node; withName: string | null }[] {
  const found: { select: Node; withName: string | null }[] = []
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk)
    if (!isNode(value)) return
    const sub = value.RangeSubselect as Node | undefined
    if (sub) {
      const select = (sub.subquery as Node | undefined)?.SelectStmt as Node | undefined
      if (select) found.push({ select, withName: typeof sub.__with === 'string' ? sub.__with : null })
      return
    }
    const join = value.JoinExpr as Node | undefined
    if (join) {
      walk(join.larg)
      walk(join.rarg)
    }
  }
  walk(from)
  return found
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth']
const ordinal = (index: number) => ORDINALS[index] ?? `${index + 1}th`

type Difference =
  | { kind: 'clause'; scope: string[]; clause: (typeof CLAUSES)[number]; expected: unknown[]; actual: unknown[] }
  | { kind: 'combination'; scope: string[]; expected: Combination; actual: Combination }

/** The first difference in PostgreSQL's evaluation order: subqueries in FROM, the parts of a set operation, then the clauses. */
function firstDifference(reference: Node, answer: Node, scope: string[]): Difference | null {
  const expected = combinationOf(reference)
  const actual = combinationOf(answer)
  if (expected.operator !== null || actual.operator !== null) {
    if (expected.operator !== actual.operator || expected.parts.length !== actual.parts.length) return { kind: 'combination', scope, expected, actual }
    for (const [index, part] of expected.parts.entries()) {
      const found = firstDifference(part, actual.parts[index]!, [...scope, `the ${ordinal(index)} part of the ${expected.operator}`])
      if (found) return found
    }
    // What follows the combined parts: ORDER BY and LIMIT of the whole.
    return clauseDifference(reference, answer, scope, CLAUSES.filter((clause) => clause.name === 'ORDER BY'))
  }
  const expectedSubqueries = fromSubqueries(reference.fromClause)
  const actualSubqueries = fromSubqueries(answer.fromClause)
  if (expectedSubqueries.length === actualSubqueries.length) {
    for (const [index, sub] of expectedSubqueries.entries()) {
      const theirs = actualSubqueries[index]!
      const label = theirs.withName ? `your WITH query \`${theirs.withName}\`` : expectedSubqueries.length > 1 ? `the ${ordinal(index)} subquery in your FROM` : 'the subquery in your FROM'
      const found = firstDifference(sub.select, theirs.select, [...scope, label])
      if (found) return found
    }
  }
  return clauseDifference(reference, answer, scope, CLAUSES)
}

function clauseDifference(reference: Node, answer: Node, scope: string[], clauses: readonly (typeof CLAUSES)[number][]): Difference | null {
  for (const clause of clauses) {
    const pick = (select: Node) => clause.keys.map((key) => select[key] ?? null)
    const expected = pick(reference)
    const actual = pick(answer)
    if (JSON.stringify(normalise(expected)) !== JSON.stringify(normalise(actual))) return { kind: 'clause', scope, clause, expected, actual }
  }
  return null
}

function partsText(combination: Combination): string {
  return combination.operator === null ? 'one query' : `${combination.parts.length} parts`
}

function combinationHint(difference: Extract<Difference, { kind: 'combination' }>, level: HintLevel): string {
  const lines = [
    difference.scope.length === 0
      ? 'Look at how your query combines the results of its parts (UNION, INTERSECT, EXCEPT) first.'
      : `In ${difference.scope.join(' → ')}, look at how it combines the results of its parts (UNION, INTERSECT, EXCEPT) first.`,
  ]
  if (level === 'where') return lines[0]!
  const { expected, actual } = difference
  if (expected.parts.length !== actual.parts.length || expected.operator === null || actual.operator === null) {
    lines.push(`The question's combines ${partsText(expected)}; yours ${actual.operator === null ? 'is' : 'combines'} ${partsText(actual)}.`)
  }
  if (level === 'how' && expected.operator !== actual.operator && expected.operator !== null && actual.operator !== null) {
    lines.push(`Yours combines them with ${actual.operator}; the question needs ${expected.operator}.`)
  }
  return lines.join(' ')
}

/** The hint for an answer that gives the wrong result, or null (no level, no comparable shape, or no difference found). */
export async function clauseHint(referenceSql: string, answerSql: string, level: HintLevel): Promise<string | null> {
  if (level === 'off') return null
  const [reference, answer] = await Promise.all([topSelect(referenceSql), topSelect(answerSql)])
  if (!reference || !answer) return null
  const found = firstDifference(reference, answer, [])
  if (!found) return null
  if (found.kind === 'combination') return combinationHint(found, level)
  const { clause, expected, actual, scope } = found
  const lines = [
    scope.length === 0
      ? `Look at your ${clause.name} clause first: the clauses PostgreSQL evaluates before it do what the question needs.`
      : `In ${scope.join(' → ')}, look at the ${clause.name} clause first: the clauses PostgreSQL evaluates before it do what the question needs.`,
  ]
  if (level === 'where') return lines[0]!
  const needed = factsOf(expected)
  const written = factsOf(actual)
  const has = (values: unknown[]) => values.some((value) => value !== null && !(Array.isArray(value) && value.length === 0))
  if (!has(actual)) lines.push(`Your query has no ${clause.name}${scope.length > 0 ? ' there' : ''}; the question needs one.`)
  else if (!has(expected)) lines.push(`The question needs no ${clause.name}${scope.length > 0 ? ' there' : ' at all'}.`)
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
