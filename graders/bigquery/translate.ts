// BigQuery SQL → DuckDB SQL for the local engine. The statement is parsed by @polyglot-sql/sdk,
// its table names resolved against the catalog, the transpiler's known mistranslations fixed by our
// own rewrite rules (or refused as "not supported locally"), then transpiled. The same pass records
// what an on-demand estimate needs: the columns each table's scan reads and its partition filters.
import { Dialect, parse } from '@polyglot-sql/sdk'
import {
  type AstNode,
  type AstValue,
  columnNode,
  expressionToDuckDb,
  generateBigQuery,
  identifierName,
  isObject,
  isTableBody,
  literalOf,
  nodeKind,
  replaceNode,
  transpileToDuckDb,
  walk,
} from './ast.ts'
import { type Catalog, type CatalogTable, type PartitionUnit, tableKey } from './catalog.ts'
import { BigQueryRejectedError, BigQueryRuntimeError, notSupportedLocally } from './errors.ts'
import { type PartitionPredicate, partitionPredicate } from './partition-filter.ts'

export const MAX_SQL_CHARS = 100_000

/** What one table's scan reads: the estimator prices these columns in these partitions. */
export interface TableScan {
  table: CatalogTable
  /** Lower-case names of the referenced columns. */
  columns: Set<string>
  /** Partitions read: every one ('all'), or those any of these predicates keeps. */
  partitions: 'all' | PartitionPredicate[]
}

export type ScanSet = Map<string, TableScan>

export interface TableName {
  dataset: string
  name: string
}

export interface PartitionSpec {
  column: string
  unit: PartitionUnit
  /** PARTITION BY column (no function): BigQuery requires a DATE column then. */
  bareColumn: boolean
}

export type TranslatedStatement =
  | { kind: 'query'; duckSql: string; scans: ScanSet; orderByColumns: OrderKey[] | null }
  | {
      kind: 'create_table'
      target: TableName
      orReplace: boolean
      ifNotExists: boolean
      partitioning: PartitionSpec | null
      clustering: string[]
      duckSelectSql: string
      scans: ScanSet
    }
  | { kind: 'create_external_table'; target: TableName; orReplace: boolean; ifNotExists: boolean; format: string; uris: string[] }

export type StatementKind = TranslatedStatement['kind']

/** A top-level ORDER BY key, as the output column it names (by name or 1-based position). */
export type OrderKey = { name: string } | { position: number }

const FRAGMENT_PREFIX = '__syl_frag_'

function syntaxError(message: string): BigQueryRejectedError {
  return new BigQueryRejectedError('syntax', `Syntax error: ${message.replace(/^Parse error:\s*/i, '')}`)
}

export function parseOne(sql: string): AstNode {
  if (sql.trim() === '' || sql.replace(/--.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '') {
    throw new BigQueryRejectedError('empty', 'Your answer is empty: write one BigQuery statement.')
  }
  if (sql.length > MAX_SQL_CHARS) throw new BigQueryRejectedError('too_large', `Your statement is longer than ${MAX_SQL_CHARS} characters.`)
  if (sql.includes('\u0000')) throw new BigQueryRejectedError('syntax', 'Your statement contains a NUL character.')
  const parsed = parse(sql, Dialect.BigQuery)
  if (!parsed.success || !parsed.ast) throw syntaxError(parsed.error ?? 'the statement does not parse')
  const statements = (parsed.ast as AstValue[]).filter((statement) => nodeKind(statement) !== null)
  if (statements.length !== 1) {
    throw new BigQueryRejectedError('multiple_statements', `Write exactly one statement (found ${statements.length}).`)
  }
  return statements[0] as AstNode
}

export const QUERY_KINDS = new Set(['select', 'union', 'intersect', 'except'])

// ——— table names ———

function nameParts(body: AstNode): string[] {
  const parts: string[] = []
  for (const key of ['catalog', 'schema', 'name'] as const) {
    const name = identifierName(body[key])
    if (name !== null) parts.push(...name.split('.'))
  }
  return parts
}

/** `project.dataset.table` or `dataset.table` → dataset and table (the project is the learner's own). */
export function tableNameOf(body: AstNode): TableName | { cte: string } {
  const parts = nameParts(body)
  if (parts.some((part) => part === '')) throw new BigQueryRuntimeError(`Invalid table name: ${parts.join('.')}`)
  if (parts.length === 1) return { cte: parts[0]! }
  if (parts.length > 3) throw new BigQueryRuntimeError(`Invalid table name: ${parts.join('.')}`)
  const [dataset, name] = parts.slice(-2) as [string, string]
  return { dataset, name }
}

function cteNames(statement: AstNode): Set<string> {
  const names = new Set<string>()
  walk(statement, (node) => {
    if (Array.isArray(node.ctes)) for (const cte of node.ctes) if (identifierName(cte?.alias)) names.add(identifierName(cte.alias)!)
  })
  return names
}

interface ResolvedReference {
  table: CatalogTable
  /** Names its columns may be qualified with: its alias, or its own table name. */
  qualifiers: Set<string>
  body: AstNode
}

const FROM_ITEM_KINDS = new Set(['table', 'subquery', 'unnest', 'paren'])

/** FROM items are tables, subqueries and UNNEST: a table function (read_parquet, …) would reach past the catalog. */
export function refuseTableFunctions(statement: AstNode): void {
  walk(statement, (node) => {
    const select = node.select
    if (!isObject(select)) return
    const items: AstValue[] = [...(select.from?.expressions ?? []), ...(select.joins ?? []).map((join: AstNode) => join.this)]
    for (const item of items) {
      let kind = nodeKind(item)
      if (kind?.[0] === 'alias') kind = nodeKind(kind[1].this)
      if (!kind || FROM_ITEM_KINDS.has(kind[0])) continue
      const name = kind[0] === 'function' ? String(kind[1].name) : kind[0]
      throw notSupportedLocally(`${name} in FROM (only tables, subqueries and UNNEST)`)
    }
  })
}

/** Resolves every table reference, rewriting it to its DuckDB name. Unknown names fail as BigQuery fails. */
function resolveTables(statement: AstNode, catalog: Catalog, skip: AstNode | null): Map<AstNode, ResolvedReference> {
  refuseTableFunctions(statement)
  const ctes = cteNames(statement)
  const resolved = new Map<AstNode, ResolvedReference>()
  walk(statement, (node) => {
    if (node === skip) return false
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'table' || !isTableBody(value)) continue
      const name = tableNameOf(value)
      if ('cte' in name) {
        if (ctes.has(name.cte)) continue
        throw new BigQueryRuntimeError(`Table "${name.cte}" must be qualified with a dataset (e.g. dataset.table).`)
      }
      const table = catalog.get(name.dataset, name.name)
      if (!table) {
        throw new BigQueryRuntimeError(
          catalog.isCourseDataset(name.dataset) || catalog.list().some((entry) => entry.dataset === name.dataset)
            ? `Not found: Table ${name.dataset}.${name.name} was not found`
            : `Not found: Dataset ${name.dataset} was not found`,
        )
      }
      const alias = identifierName(value.alias)
      resolved.set(value, { table, qualifiers: new Set(alias ? [alias] : [name.name]), body: value })
    }
  })
  for (const { table, body } of resolved.values()) {
    if (!identifierName(body.alias)) body.alias = { name: table.name, quoted: true }
    body.name = { name: table.duckdb.name, quoted: true }
    body.schema = { name: table.duckdb.schema, quoted: true }
    body.catalog = null
  }
  return resolved
}

// ——— what each scan reads ———

function addAllColumns(scan: TableScan, except: Set<string>) {
  for (const column of scan.table.columns) if (!except.has(column.name.toLowerCase())) scan.columns.add(column.name.toLowerCase())
}

function collectScans(statement: AstNode, references: Map<AstNode, ResolvedReference>): ScanSet {
  const scans: ScanSet = new Map()
  const scanOf = (table: CatalogTable) => {
    const key = tableKey(table.dataset, table.name)
    let scan = scans.get(key)
    if (!scan) {
      scan = { table, columns: new Set(), partitions: [] }
      scans.set(key, scan)
    }
    return scan
  }
  for (const reference of references.values()) scanOf(reference.table)

  // Column references anywhere: a column counts for every table that has it and that it may qualify.
  walk(statement, (node) => {
    const column = node.column
    if (!isObject(column) || !isObject(column.name) || 'schema' in column) return
    const name = identifierName(column.name)?.toLowerCase()
    const qualifier = identifierName(column.table)
    if (!name) return
    for (const reference of references.values()) {
      if (qualifier !== null && !reference.qualifiers.has(qualifier)) continue
      if (reference.table.columns.some((entry) => entry.name.toLowerCase() === name)) scanOf(reference.table).columns.add(name)
    }
  })

  // Per SELECT: stars and USING read the tables of its own FROM; its WHERE may prune their partitions.
  walk(statement, (node) => {
    const select = node.select
    if (!isObject(select)) return
    const fromItems: AstValue[] = [...(select.from?.expressions ?? []), ...(select.joins ?? []).map((join: AstNode) => join.this)]
    const direct = fromItems
      .map((item) => (isObject(item) && isTableBody(item.table) ? references.get(item.table) : undefined))
      .filter((reference): reference is ResolvedReference => reference !== undefined)
    for (const expression of select.expressions ?? []) {
      const star = nodeKind(expression)
      if (!star || star[0] !== 'star') continue
      const qualifier = identifierName(star[1].table)
      const except = new Set<string>((star[1].except ?? []).map((entry: AstNode) => (identifierName(entry) ?? '').toLowerCase()))
      for (const reference of direct) if (qualifier === null || reference.qualifiers.has(qualifier)) addAllColumns(scanOf(reference.table), except)
    }
    for (const join of select.joins ?? []) {
      for (const using of join.using ?? []) {
        const name = identifierName(using)?.toLowerCase()
        for (const reference of direct) if (name && reference.table.columns.some((entry) => entry.name.toLowerCase() === name)) scanOf(reference.table).columns.add(name)
      }
    }
    for (const reference of direct) {
      const scan = scanOf(reference.table)
      if (scan.partitions === 'all') continue
      const partitioning = reference.table.partitioning
      const predicate = partitioning ? partitionPredicate(select.where_clause?.this, partitioning.column, reference.qualifiers) : null
      if (predicate) scan.partitions.push(predicate)
      else scan.partitions = 'all'
    }
  })
  // A table referenced outside any FROM we understood (e.g. only in a subquery's FROM): all partitions.
  for (const scan of scans.values()) if (Array.isArray(scan.partitions) && scan.partitions.length === 0) scan.partitions = 'all'
  return scans
}

// ——— rewrite rules for the transpiler's known mistranslations ———

/** Functions whose local result would differ from BigQuery's: refused. */
const REFUSED_FUNCTIONS = new Map<string, string>([
  ['APPROX_COUNT_DISTINCT', 'APPROX_COUNT_DISTINCT (DuckDB approximates differently; use COUNT(DISTINCT …))'],
  ['APPROX_QUANTILES', 'APPROX_QUANTILES (DuckDB approximates differently)'],
  ['APPROX_TOP_COUNT', 'APPROX_TOP_COUNT'],
  ['APPROX_TOP_SUM', 'APPROX_TOP_SUM'],
  ['FARM_FINGERPRINT', 'FARM_FINGERPRINT (DuckDB has no FarmHash)'],
  ['RAND', 'RAND (random values cannot be graded)'],
  ['GENERATE_UUID', 'GENERATE_UUID (random values cannot be graded)'],
  ['CURRENT_DATE', 'CURRENT_DATE (the grade would depend on the day)'],
  ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP (the grade would depend on the time)'],
  ['CURRENT_DATETIME', 'CURRENT_DATETIME (the grade would depend on the time)'],
  ['SESSION_USER', 'SESSION_USER'],
  ['FORMAT', 'FORMAT (its format specifiers differ from DuckDB\'s)'],
  ['NET.HOST', 'NET functions'],
  ['ML.PREDICT', 'BigQuery ML'],
  ['REGEXP_INSTR', 'REGEXP_INSTR'],
])

function countCaptureGroups(pattern: string): number {
  let groups = 0
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]
    if (char === '\\') {
      index++
      continue
    }
    if (char === '[') {
      // Skip a character class: a '(' inside it is literal.
      index++
      if (pattern[index] === '^') index++
      if (pattern[index] === ']') index++
      while (index < pattern.length && pattern[index] !== ']') {
        if (pattern[index] === '\\') index++
        index++
      }
      continue
    }
    if (char === '(' && pattern[index + 1] !== '?') groups++
  }
  return groups
}

interface Rewriter {
  fragments: string[]
}

function fragment(rewriter: Rewriter, duckSql: string): AstNode {
  rewriter.fragments.push(duckSql)
  return columnNode(`${FRAGMENT_PREFIX}${rewriter.fragments.length - 1}`)
}

const DATE_PART_REFUSED = new Map<string, string>([
  ['Week', 'EXTRACT(WEEK …) (BigQuery counts Sunday-based weeks, DuckDB ISO weeks); use ISOWEEK'],
])

const sql = expressionToDuckDb

/** Format elements that DuckDB's strftime/strptime spell differently; any other unknown one is refused. */
const FORMAT_ELEMENTS: Record<string, string> = {
  '%F': '%Y-%m-%d',
  '%x': '%m/%d/%y',
  '%D': '%m/%d/%y',
  '%T': '%H:%M:%S',
  '%R': '%H:%M',
  '%c': '%a %b %-d %H:%M:%S %Y',
  '%e': '%-d',
}
const SAME_FORMAT_ELEMENTS = new Set(['%Y', '%m', '%d', '%H', '%M', '%S', '%y', '%b', '%B', '%a', '%A', '%j', '%p', '%I', '%h', '%%', '%Z', '%z'])

function duckDbFormat(format: string, functionName: string): string {
  return format.replace(/%[-0-9]*[A-Za-z%]/g, (element) => {
    if (SAME_FORMAT_ELEMENTS.has(element)) return element
    const translated = FORMAT_ELEMENTS[element]
    if (translated) return translated
    throw notSupportedLocally(`${functionName} with the format element ${element}`)
  })
}

const FORMAT_FUNCTIONS = new Set(['FORMAT_DATE', 'FORMAT_DATETIME', 'FORMAT_TIMESTAMP', 'FORMAT_TIME', 'PARSE_DATE', 'PARSE_DATETIME', 'PARSE_TIMESTAMP', 'PARSE_TIME'])

function unitOf(value: unknown): string {
  const node = nodeKind(value)
  if (!node) return ''
  return String(node[1].this ?? identifierName(node[1].name) ?? '').toUpperCase()
}

function rewriteFunction(rewriter: Rewriter, node: AstNode, kind: string, body: AstNode): void {
  if (kind === 'array_agg' && body.limit) throw notSupportedLocally('ARRAY_AGG(… LIMIT n)')
  if (kind === 'div') {
    // BigQuery's "/" is FLOAT64 division that fails on a zero divisor; DuckDB's gives Infinity or NULL.
    replaceNode(node, fragment(rewriter, `(CAST(${sql(body.left)} AS DOUBLE) / (CASE WHEN (${sql(body.right)}) = 0 THEN error('division by zero: ' || CAST(${sql(body.left)} AS VARCHAR) || ' / 0') ELSE CAST(${sql(body.right)} AS DOUBLE) END))`))
    return
  }
  if ((kind === 'cast' || kind === 'safe_cast') && String(body.to?.data_type ?? '').toLowerCase() === 'string') {
    // BigQuery writes FLOAT64 and NUMERIC without trailing zeros (CAST(1.0 AS STRING) is '1');
    // DuckDB keeps them ('1.0'). typeof() is the operand's DuckDB type, known when the query binds.
    const text = sql(node)
    const operand = sql(body.this)
    replaceNode(
      node,
      fragment(
        rewriter,
        `(CASE WHEN typeof(${operand}) IN ('DOUBLE', 'FLOAT') OR typeof(${operand}) LIKE 'DECIMAL%' THEN regexp_replace(regexp_replace(${text}, '(\\.[0-9]*?)0+$', '\\1'), '\\.$', '') ELSE ${text} END)`,
      ),
    )
    return
  }
  if (kind === 'subscript') {
    rewriteSubscript(rewriter, node, body)
    return
  }
  if (kind === 'extract') {
    const field = typeof body.field === 'string' ? body.field : String(body.field?.Custom ?? '')
    const refused = DATE_PART_REFUSED.get(field)
    if (refused) throw notSupportedLocally(refused)
    // BigQuery numbers days of the week 1 (Sunday) to 7; DuckDB's dayofweek 0 (Sunday) to 6.
    if (field === 'DayOfWeek') replaceNode(node, fragment(rewriter, `(dayofweek(${sql(body.this)}) + 1)`))
    if (field.toUpperCase() === 'ISOWEEK') replaceNode(node, fragment(rewriter, `week(${sql(body.this)})`))
    if (field === 'Date') replaceNode(node, fragment(rewriter, `CAST(${sql(body.this)} AS DATE)`))
    return
  }
  if (kind === 'last_day') {
    const unit = String(body.unit ?? 'Month').toUpperCase()
    if (unit === 'MONTH') return
    if (unit === 'QUARTER' || unit === 'YEAR') {
      replaceNode(node, fragment(rewriter, `CAST(date_trunc('${unit.toLowerCase()}', ${sql(body.this)}) + INTERVAL 1 ${unit} - INTERVAL 1 DAY AS DATE)`))
      return
    }
    throw notSupportedLocally(`LAST_DAY with ${unit}`)
  }
  if (kind === 'json_value') {
    // A scalar as unquoted text, NULL for objects and arrays (the transpiler returns quoted JSON).
    const document = sql(body.this)
    const path = sql(body.path)
    replaceNode(node, fragment(rewriter, `(CASE WHEN json_type(json_extract(${document}, ${path})) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${document}, ${path}) END)`))
    return
  }
  if (kind !== 'function') return
  const name = String(body.name).toUpperCase()
  const refused = REFUSED_FUNCTIONS.get(name)
  if (refused) throw notSupportedLocally(refused)
  const args: AstNode[] = body.args ?? []
  if (args.some((arg) => /^WEEK/.test(unitOf(arg)))) throw notSupportedLocally(`${name} with WEEK (BigQuery's weeks start on Sunday, DuckDB's on Monday); use ISOWEEK`)
  if (FORMAT_FUNCTIONS.has(name)) {
    const format = literalOf(args[0])
    if (!format || format.type === 'number') throw notSupportedLocally(`${name} with a format that is not a constant string`)
    args[0] = { literal: { literal_type: 'string', value: duckDbFormat(format.value, name) } }
    return
  }
  switch (name) {
    case 'REGEXP_CONTAINS':
      // A partial match, as BigQuery's; the transpiler writes a full match.
      if (args.length !== 2) throw new BigQueryRuntimeError('REGEXP_CONTAINS takes two arguments')
      replaceNode(node, fragment(rewriter, `regexp_matches(${sql(args[0]!)}, ${sql(args[1]!)})`))
      return
    case 'REGEXP_REPLACE':
      // BigQuery replaces every match; DuckDB only the first unless told 'g'.
      if (args.length !== 3) throw new BigQueryRuntimeError('REGEXP_REPLACE takes three arguments')
      replaceNode(node, fragment(rewriter, `regexp_replace(${sql(args[0]!)}, ${sql(args[1]!)}, ${sql(args[2]!)}, 'g')`))
      return
    case 'REGEXP_EXTRACT':
    case 'REGEXP_SUBSTR': {
      if (args.length !== 2) throw notSupportedLocally(`${name} with a position or occurrence argument`)
      const pattern = literalOf(args[1])
      if (!pattern || pattern.type === 'number') throw notSupportedLocally(`${name} with a pattern that is not a constant string`)
      const groups = countCaptureGroups(pattern.value)
      if (groups > 1) throw new BigQueryRuntimeError('Regular expressions passed into extraction functions must not have more than 1 capturing group')
      // BigQuery: the capture group if there is one, else the whole match; NULL when nothing matches.
      const subject = sql(args[0]!)
      const duckPattern = sql(args[1]!)
      replaceNode(node, fragment(rewriter, `(CASE WHEN regexp_matches(${subject}, ${duckPattern}) THEN regexp_extract(${subject}, ${duckPattern}, ${groups}) END)`))
      return
    }
    case 'CONCAT':
      // NULL if any argument is NULL (DuckDB's concat skips NULLs; its || does not).
      replaceNode(node, fragment(rewriter, `(${args.map((arg) => sql(arg)).join(' || ')})`))
      return
    case 'TIMESTAMP_DIFF':
    case 'TIME_DIFF': {
      // BigQuery counts whole elapsed units; DuckDB's date_diff counts unit boundaries, date_sub whole units.
      const unit = unitOf(args[2])
      if (!['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY'].includes(unit)) throw notSupportedLocally(`${name} with ${unit || 'this unit'}`)
      replaceNode(node, fragment(rewriter, `date_sub('${unit.toLowerCase()}', ${sql(args[1]!)}, ${sql(args[0]!)})`))
      return
    }
    case 'DATE_TRUNC':
      if (unitOf(args[1]) === 'ISOWEEK') replaceNode(node, fragment(rewriter, `CAST(date_trunc('week', ${sql(args[0]!)}) AS DATE)`))
      return
    case 'LPAD':
    case 'RPAD':
      if (args.length === 2) args.push({ literal: { literal_type: 'string', value: ' ' } })
      return
    case 'SPLIT':
      if (args.length === 1) args.push({ literal: { literal_type: 'string', value: ',' } })
      return
    case 'BYTE_LENGTH':
      replaceNode(node, fragment(rewriter, `octet_length(encode(${sql(args[0]!)}))`))
      return
    case 'IS_NAN':
      replaceNode(node, fragment(rewriter, `isnan(${sql(args[0]!)})`))
      return
    case 'IS_INF':
      replaceNode(node, fragment(rewriter, `isinf(${sql(args[0]!)})`))
      return
    case 'IEEE_DIVIDE':
      replaceNode(node, fragment(rewriter, `(CAST(${sql(args[0]!)} AS DOUBLE) / CAST(${sql(args[1]!)} AS DOUBLE))`))
      return
    case 'DATE_FROM_UNIX_DATE':
      replaceNode(node, fragment(rewriter, `(DATE '1970-01-01' + CAST(${sql(args[0]!)} AS INTEGER))`))
      return
    case 'GENERATE_ARRAY':
      replaceNode(node, fragment(rewriter, `generate_series(${args.map((arg) => sql(arg)).join(', ')})`))
      return
    case 'GENERATE_DATE_ARRAY': {
      const step = args[2] ? sql(args[2]) : "INTERVAL '1' DAY"
      replaceNode(node, fragment(rewriter, `list_transform(generate_series(CAST(${sql(args[0]!)} AS TIMESTAMP), CAST(${sql(args[1]!)} AS TIMESTAMP), ${step}), d -> CAST(d AS DATE))`))
      return
    }
    case 'RANGE_BUCKET': {
      const point = sql(args[0]!)
      replaceNode(node, fragment(rewriter, `(CASE WHEN ${point} IS NULL THEN NULL ELSE len(list_filter(${sql(args[1]!)}, b -> b <= ${point})) END)`))
      return
    }
  }
}

/**
 * arr[OFFSET(i)], arr[ORDINAL(i)] and arr[i] fail past either end in BigQuery ("Array index 5 is out
 * of bounds"); DuckDB's list index gives NULL. SAFE_OFFSET/SAFE_ORDINAL give NULL in both.
 */
function rewriteSubscript(rewriter: Rewriter, node: AstNode, body: AstNode): void {
  const index = nodeKind(body.index)
  const wrapper = index?.[0] === 'function' ? String(index[1].name).toUpperCase() : null
  if (wrapper === 'SAFE_OFFSET' || wrapper === 'SAFE_ORDINAL') return
  if (wrapper !== null && wrapper !== 'OFFSET' && wrapper !== 'ORDINAL') return
  // A plain literal index on a field access (struct.field) or a string is not an array subscript.
  if (wrapper === null && literalOf(body.index)?.type !== 'number' && !nodeKind(body.this)?.[0].startsWith('array')) return
  const position = wrapper === null ? sql(body.index) : sql(index![1].args[0])
  const array = sql(body.this)
  const zeroBased = wrapper === 'ORDINAL' ? `((${position}) - 1)` : `(${position})`
  replaceNode(
    node,
    fragment(
      rewriter,
      `(CASE WHEN ${zeroBased} < 0 OR ${zeroBased} >= len(${array}) THEN error('Array index ' || CAST(${position} AS VARCHAR) || ' is out of bounds') ELSE (${array})[${zeroBased} + 1] END)`,
    ),
  )
}

/** Post-order: children first, so a rewritten node's arguments are already rewritten. */
function rewrite(rewriter: Rewriter, value: AstValue): void {
  if (Array.isArray(value)) {
    for (const item of value) rewrite(rewriter, item)
    return
  }
  if (!isObject(value)) return
  for (const child of Object.values(value)) rewrite(rewriter, child)
  const node = nodeKind(value)
  if (node) rewriteFunction(rewriter, value, node[0], node[1])
}

function substituteFragments(sql: string, fragments: string[]): string {
  let result = sql
  for (let index = fragments.length - 1; index >= 0; index--) {
    result = result.replace(new RegExp(`"?${FRAGMENT_PREFIX}${index}"?(?![0-9])`, 'g'), () => fragments[index]!)
  }
  return result
}

function toDuckDb(statement: AstNode): string {
  const rewriter: Rewriter = { fragments: [] }
  rewrite(rewriter, statement)
  let sql: string
  try {
    sql = transpileToDuckDb(generateBigQuery(statement))
  } catch (error) {
    throw notSupportedLocally(`this statement (${error instanceof Error ? error.message : String(error)})`)
  }
  return substituteFragments(sql, rewriter.fragments)
}

export function orderKeys(statement: AstNode): OrderKey[] | null {
  const node = nodeKind(statement)
  if (!node) return null
  const orderBy = node[1].order_by
  if (!isObject(orderBy) || !Array.isArray(orderBy.expressions)) return null
  return orderBy.expressions.map((entry: AstNode) => {
    const literal = literalOf(entry.this)
    if (literal?.type === 'number') return { position: Number(literal.value) }
    const column = nodeKind(entry.this)
    if (column?.[0] === 'column') return { name: identifierName(column[1].name) ?? '' }
    return { name: '' }
  })
}

// ——— DDL ———

function partitionSpec(expression: unknown): PartitionSpec {
  const node = nodeKind(expression)
  if (node?.[0] === 'column') return { column: identifierName(node[1].name)!, unit: 'DAY', bareColumn: true }
  if (node?.[0] === 'function') {
    const name = String(node[1].name).toUpperCase()
    const args: AstNode[] = node[1].args ?? []
    const column = nodeKind(args[0])
    if (column?.[0] === 'column') {
      if (name === 'DATE' && args.length === 1) return { column: identifierName(column[1].name)!, unit: 'DAY', bareColumn: false }
      if (['TIMESTAMP_TRUNC', 'DATETIME_TRUNC', 'DATE_TRUNC'].includes(name) && args.length === 2) {
        const unit = String(nodeKind(args[1])?.[1]?.this ?? '').toUpperCase()
        if (unit === 'HOUR' || unit === 'DAY' || unit === 'MONTH' || unit === 'YEAR') return { column: identifierName(column[1].name)!, unit, bareColumn: false }
      }
    }
    if (name === 'RANGE_BUCKET') throw notSupportedLocally('integer-range partitioning (RANGE_BUCKET)')
  }
  throw new BigQueryRuntimeError(
    'PARTITION BY expression must be DATE(<timestamp_column>), DATE(<datetime_column>), <date_column>, TIMESTAMP_TRUNC(<timestamp_column>, DAY/HOUR/MONTH/YEAR), DATETIME_TRUNC(<datetime_column>, DAY/HOUR/MONTH/YEAR), DATE_TRUNC(<date_column>, MONTH/YEAR), or RANGE_BUCKET(<int64_column>, GENERATE_ARRAY(<int64_value>, <int64_value>[, <int64_value>]))',
  )
}

function optionValue(value: unknown): string | string[] | null {
  const literal = literalOf(value)
  if (literal) return literal.value
  const node = nodeKind(value)
  if (node && (node[0] === 'array_func' || node[0] === 'array')) {
    return (node[1].expressions ?? []).map((item: unknown) => literalOf(item)?.value ?? '')
  }
  return null
}

function targetName(body: AstNode, catalog: Catalog): TableName {
  const name = tableNameOf(body)
  if ('cte' in name) throw new BigQueryRuntimeError(`Table "${name.cte}" must be qualified with a dataset (e.g. dataset.table).`)
  if (catalog.isCourseDataset(name.dataset)) {
    throw new BigQueryRuntimeError(`Access Denied: Dataset ${name.dataset}: the course's datasets are read-only; create your tables in a dataset of your own`)
  }
  return name
}

function translateCreateTable(body: AstNode, catalog: Catalog): TranslatedStatement {
  const target = targetName(body.name, catalog)
  const properties: AstNode[] = body.properties ?? []
  const property = (kind: string) => properties.map((entry) => entry[kind]).find(isObject) as AstNode | undefined
  const common = { target, orReplace: Boolean(body.or_replace), ifNotExists: Boolean(body.if_not_exists) }
  if (body.temporary) throw notSupportedLocally('temporary tables')
  if (String(body.table_modifier ?? '').toUpperCase() === 'EXTERNAL') {
    const options = new Map<string, string | string[] | null>()
    for (const entry of property('options_property')?.entries ?? []) options.set((identifierName(entry.key) ?? '').toLowerCase(), optionValue(entry.value))
    const format = options.get('format')
    const uris = options.get('uris')
    if (typeof format !== 'string') throw new BigQueryRuntimeError('CREATE EXTERNAL TABLE needs OPTIONS (format = \'PARQUET\', uris = [\'gs://…\'])')
    if (!Array.isArray(uris) || uris.length === 0) throw new BigQueryRuntimeError('CREATE EXTERNAL TABLE needs OPTIONS (uris = [\'gs://bucket/path/*.parquet\'])')
    if (format.toUpperCase() !== 'PARQUET') throw notSupportedLocally(`external tables in ${format} format (the course's files are Parquet)`)
    if (body.columns?.length) throw notSupportedLocally('an explicit column list on an external table (the schema comes from the Parquet files)')
    return { kind: 'create_external_table', ...common, format: 'PARQUET', uris }
  }
  if (!body.as_select) throw notSupportedLocally('CREATE TABLE without AS SELECT')
  if (body.columns?.length) throw notSupportedLocally('a column list together with AS SELECT')
  if (body.clone_source || body.is_copy) throw notSupportedLocally('CREATE TABLE … CLONE/COPY')
  const partitionProperty = property('partition_by_property')
  const partitioning = partitionProperty ? partitionSpec(partitionProperty.expressions?.[0]) : null
  const clustering = (property('cluster_by_columns_property')?.columns ?? []).map((column: AstNode) => identifierName(column) ?? '')
  if (clustering.length > 4) throw new BigQueryRuntimeError('Too many clustering columns: at most 4 are allowed')
  const select = body.as_select as AstNode
  const references = resolveTables(select, catalog, null)
  const scans = collectScans(select, references)
  return { kind: 'create_table', ...common, partitioning, clustering, duckSelectSql: toDuckDb(select), scans }
}

/** Translates one BigQuery statement against the catalog. Throws BigQueryRejectedError or BigQueryRuntimeError. */
export function translateStatement(sql: string, catalog: Catalog): TranslatedStatement {
  const statement = parseOne(sql)
  const [kind, body] = nodeKind(statement)!
  if (kind === 'create_table') return translateCreateTable(body, catalog)
  if (!QUERY_KINDS.has(kind)) {
    throw new BigQueryRejectedError(
      'kind_not_allowed',
      `The local engine runs SELECT queries and CREATE [OR REPLACE] [EXTERNAL] TABLE statements; this is a ${kind.replaceAll('_', ' ').toUpperCase()} statement.`,
    )
  }
  const references = resolveTables(statement, catalog, null)
  const scans = collectScans(statement, references)
  const orderByColumns = orderKeys(statement)
  return { kind: 'query', duckSql: toDuckDb(statement), scans, orderByColumns }
}
