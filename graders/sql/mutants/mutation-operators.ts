// The mutation operators: where in a libpg-query parse tree a near-miss change can be made, and how.
// Each site is found on the original tree and applied to a clone of it by path, so one walk yields
// every single-change mutant. The list follows issue 16: join type, comparison operators, a dropped
// or negated WHERE/HAVING predicate, DISTINCT, count variants, aggregate swaps, date boundary shifts,
// ORDER BY direction, LIMIT ±1, a GROUP BY column dropped, NULL handling.

type Node = Record<string, unknown>
type Path = (string | number)[]

export type MutationOperatorName =
  | 'join-type'
  | 'comparison'
  | 'predicate-dropped'
  | 'predicate-negated'
  | 'distinct'
  | 'count-variant'
  | 'aggregate-swap'
  | 'date-boundary'
  | 'order-direction'
  | 'limit-off-by-one'
  | 'group-by-dropped'
  | 'null-handling'

export interface MutationSite {
  operator: MutationOperatorName
  description: string
  /** Changes the (cloned) tree in place. */
  apply(tree: unknown): void
}

function isNode(value: unknown): value is Node {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

function at(tree: unknown, path: Path): unknown {
  let node = tree
  for (const key of path) node = (node as Record<string | number, unknown>)[key]
  return node
}

function setAt(tree: unknown, path: Path, value: unknown): void {
  const parent = at(tree, path.slice(0, -1)) as Record<string | number, unknown>
  const key = path[path.length - 1]!
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete parent[key]
  } else parent[key] = value
}

function replaceAt(path: Path, make: (node: unknown) => unknown) {
  return (tree: unknown) => setAt(tree, path, make(structuredClone(at(tree, path))))
}

function operatorName(expr: Node): string | undefined {
  const name = expr.name as Node[] | undefined
  return ((name?.[name.length - 1]?.String as Node | undefined)?.sval as string | undefined) ?? undefined
}

function functionName(call: Node): string {
  const names = call.funcname as Node[]
  return String((names[names.length - 1]!.String as Node).sval).toLowerCase()
}

const COMPARISON_SWAPS: Record<string, string[]> = {
  '<': ['<=', '>'],
  '<=': ['<', '>='],
  '>': ['>=', '<'],
  '>=': ['>', '<='],
  '=': ['<>'],
  '<>': ['='],
  '!=': ['='],
}

const AGGREGATE_SWAPS: Record<string, string[]> = {
  sum: ['avg', 'max', 'count'],
  avg: ['sum', 'max'],
  min: ['max'],
  max: ['min'],
}

const JOIN_TYPES = ['JOIN_INNER', 'JOIN_LEFT', 'JOIN_RIGHT', 'JOIN_FULL'] as const
const JOIN_WORDS: Record<string, string> = { JOIN_INNER: 'JOIN', JOIN_LEFT: 'LEFT JOIN', JOIN_RIGHT: 'RIGHT JOIN', JOIN_FULL: 'FULL JOIN' }

const DATE_LITERAL = /^(\d{4})-(\d{2})-(\d{2})((?:[ T]00:00(?::00)?)?)$/

function shiftDate(text: string, days: number): string | null {
  const match = DATE_LITERAL.exec(text)
  if (!match) return null
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days))
  return `${date.toISOString().slice(0, 10)}${match[4]}`
}

function conjuncts(predicate: Node): Node[] {
  const bool = predicate.BoolExpr as Node | undefined
  return bool?.boolop === 'AND_EXPR' ? (bool.args as Node[]) : [predicate]
}

function negate(node: unknown): Node {
  return { BoolExpr: { boolop: 'NOT_EXPR', args: [node] } }
}

function stringConstant(node: unknown): string | null {
  if (!isNode(node)) return null
  const constant = (node.A_Const ?? (isNode(node.TypeCast) ? (node.TypeCast.arg as Node | undefined)?.A_Const : undefined)) as Node | undefined
  const value = (constant?.sval as Node | undefined)?.sval
  return typeof value === 'string' ? value : null
}

function sameExpression(left: unknown, right: unknown): boolean {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : isNode(value)
        ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'location').map(([key, child]) => [key, strip(child)]))
        : value
  return JSON.stringify(strip(left)) === JSON.stringify(strip(right))
}

/** `x >= a AND x < b` (a half-open day range) in a list of conjuncts: the learner's `BETWEEN a AND b - 1 day`. */
function halfOpenRanges(items: Node[]): { lower: number; upper: number; column: unknown; from: string; to: string }[] {
  const found = []
  for (const [lowerIndex, lower] of items.entries()) {
    const low = lower.A_Expr as Node | undefined
    if (!low || low.kind !== 'AEXPR_OP' || operatorName(low) !== '>=') continue
    const from = stringConstant(low.rexpr)
    if (!from || !DATE_LITERAL.test(from)) continue
    for (const [upperIndex, upper] of items.entries()) {
      const high = upper.A_Expr as Node | undefined
      if (!high || high.kind !== 'AEXPR_OP' || operatorName(high) !== '<' || !sameExpression(high.lexpr, low.lexpr)) continue
      const until = stringConstant(high.rexpr)
      const to = until ? shiftDate(until, -1) : null
      if (to) found.push({ lower: lowerIndex, upper: upperIndex, column: low.lexpr, from, to })
    }
  }
  return found
}

function predicateSites(path: Path, predicate: Node, clause: 'WHERE' | 'HAVING', sites: MutationSite[]): void {
  const items = conjuncts(predicate)
  const isAnd = items.length > 1 || predicate.BoolExpr !== undefined
  sites.push({ operator: 'predicate-dropped', description: `${clause} removed`, apply: (tree) => setAt(tree, path, undefined) })
  if (!isAnd || (predicate.BoolExpr as Node).boolop !== 'AND_EXPR') {
    sites.push({ operator: 'predicate-negated', description: `${clause} negated`, apply: replaceAt(path, negate) })
    return
  }
  const argsPath = [...path, 'BoolExpr', 'args']
  for (const index of items.keys()) {
    sites.push({
      operator: 'predicate-dropped',
      description: `${clause} condition ${index + 1} dropped`,
      apply: (tree) => {
        const args = at(tree, argsPath) as unknown[]
        args.splice(index, 1)
        if (args.length === 1) setAt(tree, path, args[0])
      },
    })
    sites.push({ operator: 'predicate-negated', description: `${clause} condition ${index + 1} negated`, apply: replaceAt([...argsPath, index], negate) })
  }
  for (const range of halfOpenRanges(items)) {
    sites.push({
      operator: 'date-boundary',
      description: `half-open range became BETWEEN '${range.from}' AND '${range.to}'`,
      apply: (tree) => {
        const args = at(tree, argsPath) as unknown[]
        const between = {
          A_Expr: {
            kind: 'AEXPR_BETWEEN',
            name: [{ String: { sval: 'BETWEEN' } }],
            lexpr: structuredClone(range.column),
            rexpr: { List: { items: [{ A_Const: { sval: { sval: range.from } } }, { A_Const: { sval: { sval: range.to } } }] } },
          },
        }
        args[range.lower] = between
        args.splice(range.upper, 1)
        if (args.length === 1) setAt(tree, path, args[0])
      },
    })
  }
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max'])

/** An aggregate without GROUP BY returns one row: DISTINCT on it is provably the same query. */
function alwaysOneRow(select: Node): boolean {
  if (select.groupClause || !select.targetList) return false
  const targets = select.targetList as Node[]
  return targets.every((target) => {
    const call = ((target.ResTarget as Node | undefined)?.val as Node | undefined)?.FuncCall as Node | undefined
    return call !== undefined && AGGREGATES.has(functionName(call)) && !call.over
  })
}

function selectSites(path: Path, select: Node, sites: MutationSite[]): void {
  if (select.whereClause) predicateSites([...path, 'whereClause'], select.whereClause as Node, 'WHERE', sites)
  if (select.havingClause) predicateSites([...path, 'havingClause'], select.havingClause as Node, 'HAVING', sites)
  if (select.targetList) {
    const distinct = select.distinctClause as Node[] | undefined
    if (distinct && distinct.every((entry) => Object.keys(entry).length === 0)) {
      sites.push({ operator: 'distinct', description: 'DISTINCT dropped', apply: (tree) => setAt(tree, [...path, 'distinctClause'], undefined) })
    } else if (!distinct && !alwaysOneRow(select)) {
      sites.push({ operator: 'distinct', description: 'DISTINCT added', apply: (tree) => setAt(tree, [...path, 'distinctClause'], [{}]) })
    }
  }
  const groups = (select.groupClause ?? []) as unknown[]
  for (const index of groups.keys()) {
    sites.push({
      operator: 'group-by-dropped',
      description: `GROUP BY item ${index + 1} dropped`,
      apply: (tree) => {
        const list = at(tree, [...path, 'groupClause']) as unknown[]
        list.splice(index, 1)
        if (list.length === 0) setAt(tree, [...path, 'groupClause'], undefined)
      },
    })
  }
  const limit = ((select.limitCount as Node | undefined)?.A_Const as Node | undefined)?.ival as Node | undefined
  if (limit) {
    const count = Number(limit.ival ?? 0)
    for (const next of [count - 1, count + 1].filter((value) => value >= 1)) {
      sites.push({
        operator: 'limit-off-by-one',
        description: `LIMIT ${count} became LIMIT ${next}`,
        apply: (tree) => setAt(tree, [...path, 'limitCount', 'A_Const', 'ival'], { ival: next }),
      })
    }
  }
}

function columnRefs(tree: unknown): Node[] {
  const found: Node[] = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (isNode(node)) {
      const ref = node.ColumnRef as Node | undefined
      if (ref && !(ref.fields as Node[]).some((field) => 'A_Star' in field)) {
        if (!found.some((known) => sameExpression(known, node))) found.push(node)
      } else Object.values(node).forEach(walk)
    }
  }
  walk(tree)
  return found
}

function columnLabel(ref: Node): string {
  return ((ref.ColumnRef as Node).fields as Node[]).map((field) => String((field.String as Node).sval)).join('.')
}

function functionSites(path: Path, call: Node, sites: MutationSite[], columns: Node[]): void {
  const name = functionName(call)
  if (name === 'count') {
    if (call.agg_star) {
      // count(*) → count(col): the columns the query reads, nullable ones change the count.
      for (const column of columns.slice(0, 6)) {
        sites.push({
          operator: 'count-variant',
          description: `count(*) became count(${columnLabel(column)})`,
          apply: replaceAt(path, (node) => {
            const changed = node as Node
            delete changed.agg_star
            changed.args = [structuredClone(column)]
            return changed
          }),
        })
      }
    } else if (call.args) {
      sites.push({
        operator: 'count-variant',
        description: 'count(column) became count(*)',
        apply: replaceAt(path, (node) => {
          const changed = node as Node
          delete changed.args
          delete changed.agg_distinct
          changed.agg_star = true
          return changed
        }),
      })
      sites.push({
        operator: 'count-variant',
        description: call.agg_distinct ? 'count(DISTINCT …) lost DISTINCT' : 'count(…) became count(DISTINCT …)',
        apply: replaceAt(path, (node) => {
          const changed = node as Node
          if (call.agg_distinct) delete changed.agg_distinct
          else changed.agg_distinct = true
          return changed
        }),
      })
    }
    return
  }
  for (const other of AGGREGATE_SWAPS[name] ?? []) {
    if (!call.args) continue
    sites.push({
      operator: 'aggregate-swap',
      description: `${name}() became ${other}()`,
      apply: replaceAt(path, (node) => ({ ...(node as Node), funcname: [{ String: { sval: other } }] })),
    })
  }
}

/** Every single-change mutation of a libpg-query parse result. */
export function mutationSites(tree: unknown): MutationSite[] {
  const sites: MutationSite[] = []
  const columns = columnRefs(tree)
  const visit = (node: unknown, path: Path) => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, [...path, index]))
      return
    }
    if (!isNode(node)) return
    for (const [key, child] of Object.entries(node)) {
      if (!isNode(child)) {
        if (Array.isArray(child)) visit(child, [...path, key])
        continue
      }
      const here = [...path, key]
      switch (key) {
        case 'SelectStmt':
          selectSites(here, child, sites)
          break
        case 'JoinExpr':
          for (const type of JOIN_TYPES) {
            if (type === (child.jointype ?? 'JOIN_INNER') || !child.quals) continue
            sites.push({
              operator: 'join-type',
              description: `${JOIN_WORDS[String(child.jointype)] ?? 'JOIN'} became ${JOIN_WORDS[type]}`,
              apply: (tree) => setAt(tree, [...here, 'jointype'], type),
            })
          }
          break
        case 'A_Expr': {
          const operator = operatorName(child)
          if (child.kind === 'AEXPR_OP' && operator && COMPARISON_SWAPS[operator]) {
            for (const other of COMPARISON_SWAPS[operator]) {
              sites.push({
                operator: 'comparison',
                description: `\`${operator}\` became \`${other}\``,
                apply: (tree) => setAt(tree, [...here, 'name'], [{ String: { sval: other } }]),
              })
            }
          }
          if (child.kind === 'AEXPR_DISTINCT' || child.kind === 'AEXPR_NOT_DISTINCT') {
            const plain = child.kind === 'AEXPR_DISTINCT' ? '<>' : '='
            sites.push({
              operator: 'null-handling',
              description: `IS ${child.kind === 'AEXPR_DISTINCT' ? '' : 'NOT '}DISTINCT FROM became \`${plain}\``,
              apply: (tree) => {
                setAt(tree, [...here, 'kind'], 'AEXPR_OP')
                setAt(tree, [...here, 'name'], [{ String: { sval: plain } }])
              },
            })
          }
          break
        }
        case 'A_Const': {
          const value = (child.sval as Node | undefined)?.sval
          if (typeof value === 'string') {
            for (const days of [-1, 1]) {
              const shifted = shiftDate(value, days)
              if (!shifted) continue
              sites.push({
                operator: 'date-boundary',
                description: `'${value}' became '${shifted}'`,
                apply: (tree) => setAt(tree, [...here, 'sval'], { sval: shifted }),
              })
            }
          }
          break
        }
        case 'TypeCast': {
          const type = ((child.typeName as Node).names as Node[]).map((part) => (part.String as Node).sval).join('.')
          if (/(^|\.)date$/.test(type) && isNode(child.arg) && !('A_Const' in child.arg)) {
            sites.push({ operator: 'date-boundary', description: '::date cast removed', apply: (tree) => setAt(tree, here.slice(0, -1), structuredClone(child.arg)) })
          }
          break
        }
        case 'SortBy': {
          const direction = child.sortby_dir === 'SORTBY_DESC' ? 'DESC' : 'ASC'
          sites.push({
            operator: 'order-direction',
            description: `ORDER BY … ${direction} became ${direction === 'DESC' ? 'ASC' : 'DESC'}`,
            apply: (tree) => setAt(tree, [...here, 'sortby_dir'], direction === 'DESC' ? 'SORTBY_ASC' : 'SORTBY_DESC'),
          })
          break
        }
        case 'FuncCall':
          functionSites(here, child, sites, columns)
          break
        case 'NullTest': {
          const isNull = child.nulltesttype === 'IS_NULL'
          sites.push({
            operator: 'null-handling',
            description: isNull ? 'IS NULL became IS NOT NULL' : 'IS NOT NULL became IS NULL',
            apply: (tree) => setAt(tree, [...here, 'nulltesttype'], isNull ? 'IS_NOT_NULL' : 'IS_NULL'),
          })
          if (isNull) {
            sites.push({
              operator: 'null-handling',
              description: 'IS NULL became `= NULL`',
              apply: (tree) =>
                setAt(tree, here.slice(0, -1), {
                  A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '=' } }], lexpr: structuredClone(child.arg), rexpr: { A_Const: { isnull: true } } },
                }),
            })
          }
          break
        }
        case 'CoalesceExpr':
          sites.push({
            operator: 'null-handling',
            description: 'coalesce(…) removed',
            apply: (tree) => setAt(tree, here.slice(0, -1), structuredClone((child.args as unknown[])[0])),
          })
          break
      }
      visit(child, here)
    }
  }
  visit(tree, [])
  return sites
}
