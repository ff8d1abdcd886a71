// What a query's predicates ask of each column, read from PostgreSQL's parse tree (libpg-query), for
// the constraint-guided candidates (guided-candidates.ts): per SELECT (the main query, each WITH query,
// subquery and UNION part), the conjuncts of its WHERE and JOIN … ON that compare a column of a
// dataset table with constants — `<`, `<=`, `>`, `>=`, `=`, `<>`, BETWEEN, IN, IS [NOT] NULL, a
// `::date` cast of a timestamp column, `timestamp '…' + interval '…'` — and joins of a trip table's
// zone column to the zone lookup with conditions on the zone's borough or name. Anything else (OR,
// functions of columns, columns of WITH queries) is left to the random candidates.
import { type ColumnKind, type NycTaxiTable, NYC_TAXI_TABLES, TABLE_COLUMNS } from '../../../datasets/nyc-taxi/schema.ts'
import { TAXI_ZONES } from '../../../datasets/nyc-taxi/zones.ts'
import { pgParser } from '../../../sandbox/postgres/pg-parser.ts'

/** libpg-query's `parse`, the parser loaded on first use (sandbox/postgres/pg-parser.ts). */
const parse = async (sql: string) => (await pgParser()).parse(sql)

type Node = Record<string, unknown>

/** A column value as the candidates hold it: ms since 1970 (wall clock as UTC) for timestamps, numbers, text. */
export type ConstraintValue = number | string

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '=' | '<>'

export interface ColumnConstraint {
  /** Conjunctive: a value must satisfy every one. */
  comparisons: { operator: ComparisonOperator; value: ConstraintValue }[]
  /** `IN (…)`: the value must be one of each list. */
  oneOf: ConstraintValue[][]
  /** IS NULL (true), IS NOT NULL (false). */
  isNull?: boolean
  /** Zone ids the column may hold: a join to taxi_zone_lookup whose borough/zone conditions these zones meet. */
  zoneIds?: number[]
}

export interface ColumnRef {
  table: NycTaxiTable
  column: string
  kind: ColumnKind
  nullable: boolean
}

/** One SELECT's conditions, per `table.column`. */
export interface ConstraintScope {
  columns: Map<string, { ref: ColumnRef; constraint: ColumnConstraint }>
}

export interface PredicateConstraints {
  scopes: ConstraintScope[]
  /** Every constant each column is compared with (the query's, and those of the mutants given): the boundaries to try. */
  boundaries: Map<string, { ref: ColumnRef; values: ConstraintValue[] }>
}

const SECOND = 1000
const DAY = 24 * 60 * 60 * SECOND
const INTERVAL_UNITS: Record<string, number> = { second: SECOND, minute: 60 * SECOND, hour: 3600 * SECOND, day: DAY, week: 7 * DAY }

function isNode(value: unknown): value is Node {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

export function columnKey(ref: Pick<ColumnRef, 'table' | 'column'>): string {
  return `${ref.table}.${ref.column}`
}

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/

export function timestampValue(text: string): number | null {
  const match = TIMESTAMP_TEXT.exec(text.trim())
  if (!match) return null
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0))
}

function intervalValue(text: string): number | null {
  const match = /^\s*(\d+)\s*(second|minute|hour|day|week)s?\s*$/i.exec(text)
  return match ? Number(match[1]) * INTERVAL_UNITS[match[2]!.toLowerCase()]! : null
}

function typeName(cast: Node): string {
  return ((cast.typeName as Node).names as Node[]).map((part) => String((part.String as Node).sval)).join('.')
}

/** A constant as text or number (`'…'`, `12`, `2.5`, `-3`, `DATE '…'`), or null. */
function constant(node: unknown): { value: string | number; type: string | null } | null {
  if (!isNode(node)) return null
  if (isNode(node.A_Const)) {
    const value = node.A_Const
    if (isNode(value.ival)) return { value: Number(value.ival.ival ?? 0), type: null }
    if (isNode(value.fval)) return { value: Number(value.fval.fval), type: null }
    if (isNode(value.sval)) return { value: String(value.sval.sval), type: null }
    return null
  }
  if (isNode(node.TypeCast)) {
    const inner = constant(node.TypeCast.arg)
    return inner ? { value: inner.value, type: typeName(node.TypeCast) } : null
  }
  if (isNode(node.A_Expr) && node.A_Expr.kind === 'AEXPR_OP' && !node.A_Expr.lexpr) {
    const inner = constant(node.A_Expr.rexpr)
    const operator = operatorOf(node.A_Expr)
    if (inner && typeof inner.value === 'number' && operator === '-') return { value: -inner.value, type: inner.type }
  }
  return null
}

function operatorOf(expr: Node): string | undefined {
  const names = expr.name as Node[] | undefined
  return (names?.at(-1)?.String as Node | undefined)?.sval as string | undefined
}

/** The constant as the column's kind holds it; `timestamp '…' ± interval '…'` is worked out. */
function valueFor(node: unknown, kind: ColumnKind): ConstraintValue | null {
  if (isNode(node) && isNode(node.A_Expr) && node.A_Expr.kind === 'AEXPR_OP' && kind === 'timestamp') {
    const operator = operatorOf(node.A_Expr)
    const base = valueFor(node.A_Expr.lexpr, kind)
    const offset = constant(node.A_Expr.rexpr)
    const gap = offset && typeof offset.value === 'string' ? intervalValue(offset.value) : null
    if (typeof base === 'number' && gap !== null && (operator === '+' || operator === '-')) return operator === '+' ? base + gap : base - gap
  }
  const found = constant(node)
  if (!found) return null
  if (kind === 'timestamp') return typeof found.value === 'string' ? timestampValue(found.value) : null
  if (kind === 'text') return String(found.value)
  const number = Number(found.value)
  return Number.isFinite(number) ? number : null
}

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' }

/** Table aliases and names of one SELECT's FROM (joins included). */
function fromTables(from: unknown): Map<string, NycTaxiTable> {
  const tables = new Map<string, NycTaxiTable>()
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk)
    if (!isNode(value)) return
    const range = value.RangeVar as Node | undefined
    if (range) {
      const name = String(range.relname)
      if ((NYC_TAXI_TABLES as readonly string[]).includes(name)) {
        tables.set(name, name as NycTaxiTable)
        const alias = (range.alias as Node | undefined)?.aliasname
        if (typeof alias === 'string') tables.set(alias, name as NycTaxiTable)
      }
      return
    }
    const join = value.JoinExpr as Node | undefined
    if (join) {
      walk(join.larg)
      walk(join.rarg)
    }
  }
  walk(from)
  return tables
}

/** The dataset column a ColumnRef names in this SELECT (exact name first, then case-insensitively), or null. */
function resolveColumn(node: unknown, tables: Map<string, NycTaxiTable>): ColumnRef | null {
  if (!isNode(node) || !isNode(node.ColumnRef)) return null
  const fields = (node.ColumnRef.fields as Node[]).map((field) => (field.String as Node | undefined)?.sval)
  if (fields.some((field) => typeof field !== 'string')) return null
  const name = fields.at(-1) as string
  const candidates = fields.length > 1 ? [tables.get(fields.at(-2) as string)].filter((table) => table !== undefined) : [...new Set(tables.values())]
  for (const exact of [true, false]) {
    for (const table of candidates) {
      const definition = TABLE_COLUMNS[table].find((column) => (exact ? column.name === name : column.name.toLowerCase() === name.toLowerCase()))
      if (definition) return { table, column: definition.name, kind: definition.kind, nullable: definition.nullable }
    }
  }
  return null
}

/** A column, or a timestamp column cast to date (`col::date`), on one side of a comparison. */
function columnSide(node: unknown, tables: Map<string, NycTaxiTable>): { ref: ColumnRef; asDate: boolean } | null {
  const ref = resolveColumn(node, tables)
  if (ref) return { ref, asDate: false }
  if (isNode(node) && isNode(node.TypeCast) && /(^|\.)date$/.test(typeName(node.TypeCast))) {
    const inner = resolveColumn(node.TypeCast.arg, tables)
    if (inner?.kind === 'timestamp') return { ref: inner, asDate: true }
  }
  return null
}

function conjuncts(predicate: unknown): unknown[] {
  if (!isNode(predicate)) return []
  const bool = predicate.BoolExpr as Node | undefined
  return bool?.boolop === 'AND_EXPR' ? (bool.args as unknown[]).flatMap(conjuncts) : [predicate]
}

function joinQuals(from: unknown): unknown[] {
  const found: unknown[] = []
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk)
    if (!isNode(value)) return
    const join = value.JoinExpr as Node | undefined
    if (!join) return
    // Only an inner join's condition filters the rows both sides keep.
    if ((join.jointype ?? 'JOIN_INNER') === 'JOIN_INNER' && join.quals) found.push(...conjuncts(join.quals))
    walk(join.larg)
    walk(join.rarg)
  }
  walk(from)
  return found
}

interface Comparison {
  ref: ColumnRef
  operator: ComparisonOperator
  value: ConstraintValue
}

/** `col::date OP 'day'` as bounds on the timestamp itself. */
function dateCastBounds(operator: ComparisonOperator, day: number): { operator: ComparisonOperator; value: number }[] {
  const next = day + DAY
  switch (operator) {
    case '=':
      return [
        { operator: '>=', value: day },
        { operator: '<', value: next },
      ]
    case '<>':
      return []
    case '<':
      return [{ operator: '<', value: day }]
    case '<=':
      return [{ operator: '<', value: next }]
    case '>':
      return [{ operator: '>=', value: next }]
    case '>=':
      return [{ operator: '>=', value: day }]
  }
}

interface Extracted {
  comparisons: Comparison[]
  oneOf: { ref: ColumnRef; values: ConstraintValue[] }[]
  nullTests: { ref: ColumnRef; isNull: boolean }[]
  /** `lookup."LocationID" = trips.col`: the trip column and the lookup alias. */
  zoneJoins: { ref: ColumnRef; lookupAlias: string }[]
  /** Conditions on the lookup's text columns, per lookup alias. */
  zoneConditions: { alias: string; column: string; operator: ComparisonOperator | 'in'; values: string[] }[]
  /** Zone ids on both sides of a joined zone's conditions (filled by scopeOf): boundaries of the trip column. */
  zoneBoundaries: { ref: ColumnRef; values: number[] }[]
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '=', '<>', '!='])

function lookupAlias(node: unknown, tables: Map<string, NycTaxiTable>): { alias: string; column: string } | null {
  if (!isNode(node) || !isNode(node.ColumnRef)) return null
  const fields = (node.ColumnRef.fields as Node[]).map((field) => (field.String as Node | undefined)?.sval)
  const name = fields.at(-1)
  if (typeof name !== 'string') return null
  const aliases = [...tables.entries()].filter(([, table]) => table === 'taxi_zone_lookup').map(([alias]) => alias)
  const alias = fields.length > 1 ? (aliases.includes(fields.at(-2) as string) ? (fields.at(-2) as string) : null) : (aliases[0] ?? null)
  if (!alias || !TABLE_COLUMNS.taxi_zone_lookup.some((column) => column.name === name)) return null
  // An unqualified name must not also be a trip table's column.
  if (fields.length === 1 && [...tables.values()].some((table) => table !== 'taxi_zone_lookup' && TABLE_COLUMNS[table].some((column) => column.name === name))) return null
  return { alias, column: name }
}

function extract(predicates: unknown[], tables: Map<string, NycTaxiTable>, into: Extracted): void {
  for (const predicate of predicates) {
    if (!isNode(predicate)) continue
    if (isNode(predicate.NullTest)) {
      const side = columnSide(predicate.NullTest.arg, tables)
      if (side) into.nullTests.push({ ref: side.ref, isNull: predicate.NullTest.nulltesttype === 'IS_NULL' })
      continue
    }
    const expr = predicate.A_Expr as Node | undefined
    if (!expr) continue
    const operatorText = operatorOf(expr)
    if (expr.kind === 'AEXPR_OP' && operatorText && COMPARISONS.has(operatorText)) {
      const operator = (operatorText === '!=' ? '<>' : operatorText) as ComparisonOperator
      // Zone lookup: a join key, or a condition on the zone's text columns.
      const lookupLeft = lookupAlias(expr.lexpr, tables)
      const lookupRight = lookupAlias(expr.rexpr, tables)
      const lookup = lookupLeft ?? lookupRight
      if (lookup) {
        const other = lookupLeft ? expr.rexpr : expr.lexpr
        const trip = resolveColumn(other, tables)
        if (lookup.column === 'LocationID' && trip && trip.table !== 'taxi_zone_lookup' && operator === '=') {
          into.zoneJoins.push({ ref: trip, lookupAlias: lookup.alias })
          continue
        }
        const text = constant(other)
        if (text && typeof text.value === 'string') {
          into.zoneConditions.push({ alias: lookup.alias, column: lookup.column, operator: lookupLeft ? operator : FLIPPED[operator], values: [text.value] })
        }
        continue
      }
      for (const [columnNode, valueNode, flip] of [
        [expr.lexpr, expr.rexpr, false],
        [expr.rexpr, expr.lexpr, true],
      ] as const) {
        const side = columnSide(columnNode, tables)
        if (!side) continue
        const value = valueFor(valueNode, side.asDate ? 'timestamp' : side.ref.kind)
        if (value === null) continue
        const op = flip ? FLIPPED[operator] : operator
        if (side.asDate) {
          for (const bound of dateCastBounds(op, value as number)) into.comparisons.push({ ref: side.ref, ...bound })
        } else into.comparisons.push({ ref: side.ref, operator: op, value })
        break
      }
      continue
    }
    if (expr.kind === 'AEXPR_BETWEEN') {
      const side = columnSide(expr.lexpr, tables)
      const items = ((expr.rexpr as Node | undefined)?.List as Node | undefined)?.items as unknown[] | undefined
      if (!side || !items || items.length !== 2) continue
      const [low, high] = items.map((item) => valueFor(item, side.asDate ? 'timestamp' : side.ref.kind))
      if (low === null || high === null || low === undefined || high === undefined) continue
      if (side.asDate) {
        into.comparisons.push({ ref: side.ref, operator: '>=', value: low }, { ref: side.ref, operator: '<', value: (high as number) + DAY })
      } else into.comparisons.push({ ref: side.ref, operator: '>=', value: low }, { ref: side.ref, operator: '<=', value: high })
      continue
    }
    if (expr.kind === 'AEXPR_IN' && operatorText === '=') {
      const lookup = lookupAlias(expr.lexpr, tables)
      const items = ((expr.rexpr as Node | undefined)?.List as Node | undefined)?.items as unknown[] | undefined
      if (!items) continue
      if (lookup) {
        const values = items.map((item) => constant(item)?.value).filter((value): value is string => typeof value === 'string')
        into.zoneConditions.push({ alias: lookup.alias, column: lookup.column, operator: 'in', values })
        continue
      }
      const side = columnSide(expr.lexpr, tables)
      if (!side || side.asDate) continue
      const values = items.map((item) => valueFor(item, side.ref.kind)).filter((value): value is ConstraintValue => value !== null)
      if (values.length === items.length) into.oneOf.push({ ref: side.ref, values })
    }
  }
}

function satisfies(value: string, operator: ComparisonOperator | 'in', values: string[]): boolean {
  switch (operator) {
    case 'in':
    case '=':
      return values.includes(value)
    case '<>':
      return !values.includes(value)
    default:
      return true
  }
}

function emptyConstraint(): ColumnConstraint {
  return { comparisons: [], oneOf: [] }
}

/** Every SELECT node in the tree: the main query, WITH queries, subqueries, UNION parts. */
function selects(tree: unknown): Node[] {
  const found: Node[] = []
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk)
    if (!isNode(value)) return
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'SelectStmt' || ((key === 'larg' || key === 'rarg') && isNode(child) && 'op' in child)) && isNode(child)) found.push(child)
      walk(child)
    }
  }
  walk(tree)
  return found
}

function scopeOf(select: Node): { scope: ConstraintScope; extracted: Extracted } {
  const tables = fromTables(select.fromClause)
  const extracted: Extracted = { comparisons: [], oneOf: [], nullTests: [], zoneJoins: [], zoneConditions: [], zoneBoundaries: [] }
  extract([...conjuncts(select.whereClause), ...joinQuals(select.fromClause)], tables, extracted)
  const columns: ConstraintScope['columns'] = new Map()
  const entry = (ref: ColumnRef) => {
    const key = columnKey(ref)
    if (!columns.has(key)) columns.set(key, { ref, constraint: emptyConstraint() })
    return columns.get(key)!.constraint
  }
  for (const { ref, operator, value } of extracted.comparisons) entry(ref).comparisons.push({ operator, value })
  for (const { ref, values } of extracted.oneOf) entry(ref).oneOf.push(values)
  for (const { ref, isNull } of extracted.nullTests) entry(ref).isNull = isNull
  for (const { ref, lookupAlias: alias } of extracted.zoneJoins) {
    const conditions = extracted.zoneConditions.filter((condition) => condition.alias === alias)
    const zones = TAXI_ZONES.filter((zone) =>
      conditions.every((condition) => {
        const value = condition.column === 'Borough' ? zone.borough : condition.column === 'Zone' ? zone.zone : condition.column === 'service_zone' ? zone.serviceZone : null
        return value === null || satisfies(value, condition.operator, condition.values)
      }),
    )
    const allowed = zones.map((zone) => zone.locationId)
    entry(ref).zoneIds = allowed
    // Zones the conditions keep and leave out (first few of each), and an id with no lookup row.
    const left = TAXI_ZONES.filter((zone) => !allowed.includes(zone.locationId)).map((zone) => zone.locationId)
    extracted.zoneBoundaries.push({ ref, values: [...allowed.slice(0, 3), ...left.slice(0, 3), ...left.slice(-2), 300] })
  }
  return { scope: { columns }, extracted }
}

/**
 * The constraints of `sql`'s SELECTs, and the boundaries to try: every constant a column is compared
 * with in `sql` or in any of `others` (the mutants: their shifted dates and changed ends). Null when
 * the text does not parse.
 */
export async function predicateConstraints(sql: string, others: string[] = []): Promise<PredicateConstraints | null> {
  let tree: unknown
  try {
    tree = await parse(sql)
  } catch {
    return null
  }
  const scopes: ConstraintScope[] = []
  const boundaries: PredicateConstraints['boundaries'] = new Map()
  const addBoundaries = (extracted: Extracted) => {
    const add = (ref: ColumnRef, value: ConstraintValue) => {
      const key = columnKey(ref)
      if (!boundaries.has(key)) boundaries.set(key, { ref, values: [] })
      const known = boundaries.get(key)!.values
      if (!known.includes(value)) known.push(value)
    }
    for (const { ref, value } of extracted.comparisons) add(ref, value)
    for (const { ref, values } of [...extracted.oneOf, ...extracted.zoneBoundaries]) values.forEach((value) => add(ref, value))
  }
  for (const select of selects(tree)) {
    const { scope, extracted } = scopeOf(select)
    addBoundaries(extracted)
    if (scope.columns.size > 0) scopes.push(scope)
  }
  for (const other of others) {
    try {
      for (const select of selects(await parse(other))) addBoundaries(scopeOf(select).extracted)
    } catch {
      // A mutant that does not parse gives no boundaries.
    }
  }
  return { scopes, boundaries }
}
