// A learner's BigQuery statement, made safe to send to the course's own BigQuery project. It is
// parsed (@polyglot-sql/sdk), limited to the statement kinds a question may accept, and every table
// name is rewritten: a course dataset (nyc_taxi.…, with or without a project) to the BigQuery dataset
// holding this attempt's variant, any other dataset to the run's scratch dataset (hw3.t becomes
// <scratch>.hw3__t). No statement can therefore read, write or drop anything but the variant it is
// graded on and its own scratch tables, or reach INFORMATION_SCHEMA (other learners' jobs and the
// hidden datasets' names) or another project.
import { generateBigQuery, identifierName, isTableBody, nodeKind, walk } from '../ast.ts'
import { BigQueryRejectedError, BigQueryRuntimeError } from '../errors.ts'
import { type OrderKey, orderKeys, parseOne, QUERY_KINDS, refuseTableFunctions, tableNameOf } from '../translate.ts'

export type CloudStatementKind = 'query' | 'create_table' | 'create_external_table'

export interface CloudNames {
  projectId: string
  /** Course dataset (lower case) → the BigQuery dataset of the variant. */
  datasets: Record<string, string>
  /** The run's scratch dataset. */
  scratch: string
}

export interface CloudStatement {
  kind: CloudStatementKind
  /** The statement as sent to BigQuery. */
  sql: string
  orderBy: OrderKey[] | null
  /** It names a table of the scratch dataset, which must exist first. */
  usesScratch: boolean
}

function unsupported(what: string): BigQueryRejectedError {
  return new BigQueryRejectedError('not_supported_on_cloud', `not supported on this course's BigQuery: ${what}`)
}

/** hw3.trips → hw3__trips in the scratch dataset: learners' datasets share one scratch dataset per run. */
export function scratchTableName(dataset: string, table: string): string {
  return `${dataset}__${table}`
}

function rewriteTableBody(body: Record<string, unknown>, names: CloudNames, ctes: Set<string>, target: boolean): boolean {
  const name = tableNameOf(body)
  if ('cte' in name) {
    if (!target && ctes.has(name.cte)) return false
    throw new BigQueryRuntimeError(`Table "${name.cte}" must be qualified with a dataset (e.g. dataset.table).`)
  }
  if (/^information_schema$/i.test(name.name) || /^information_schema$/i.test(name.dataset) || name.dataset.toLowerCase().startsWith('region-')) {
    throw unsupported('INFORMATION_SCHEMA views')
  }
  const variant = names.datasets[name.dataset.toLowerCase()]
  if (variant !== undefined && target) {
    throw new BigQueryRuntimeError(`Access Denied: Dataset ${name.dataset}: the course's datasets are read-only; create your tables in a dataset of your own`)
  }
  body.catalog = { name: names.projectId, quoted: true }
  body.schema = { name: variant ?? names.scratch, quoted: true }
  body.name = { name: variant !== undefined ? name.name : scratchTableName(name.dataset, name.name), quoted: true }
  // An unaliased reference keeps its column qualifier (yellow_tripdata.VendorID) under the new name.
  if (!identifierName(body.alias)) body.alias = { name: name.name, quoted: true }
  return variant === undefined
}

export function cloudStatement(sql: string, names: CloudNames): CloudStatement {
  const statement = parseOne(sql)
  const [kind, body] = nodeKind(statement)!
  let statementKind: CloudStatementKind
  if (kind === 'create_table') {
    if (body.temporary) throw unsupported('temporary tables')
    statementKind = String(body.table_modifier ?? '').toUpperCase() === 'EXTERNAL' ? 'create_external_table' : 'create_table'
    // External tables read Cloud Storage, where this instance keeps no course files.
    if (statementKind === 'create_external_table') throw unsupported('external tables (the course files are not in Cloud Storage); such questions are graded on the local engine')
    if (!body.as_select) throw unsupported('CREATE TABLE without AS SELECT')
    if (body.clone_source || body.is_copy) throw unsupported('CREATE TABLE … CLONE/COPY')
  } else if (QUERY_KINDS.has(kind)) {
    statementKind = 'query'
  } else {
    throw new BigQueryRejectedError('kind_not_allowed', `Only SELECT queries and CREATE [OR REPLACE] TABLE … AS SELECT run here; this is a ${kind.replaceAll('_', ' ').toUpperCase()} statement.`)
  }
  refuseTableFunctions(statement)
  const ctes = new Set<string>()
  walk(statement, (node) => {
    if (Array.isArray(node.ctes)) for (const cte of node.ctes) if (identifierName(cte?.alias)) ctes.add(identifierName(cte.alias)!)
  })
  let usesScratch = false
  if (statementKind === 'create_table') {
    // The target is the CREATE's name; its AS SELECT's tables are rewritten with the rest below.
    usesScratch = rewriteTableBody(body.name, names, ctes, true)
    body.name.alias = null
  }
  walk(statement, (node) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'table' && isTableBody(value) && rewriteTableBody(value, names, ctes, false)) usesScratch = true
    }
  })
  return { kind: statementKind, sql: generateBigQuery(statement), orderBy: statementKind === 'query' ? orderKeys(statement) : null, usesScratch }
}

/** BigQuery's messages name the rewritten tables; learners wrote the course's and their own names. */
export function learnerFacingMessage(message: string, names: CloudNames): string {
  let text = message.replaceAll(`${names.projectId}:`, '').replaceAll(`${names.projectId}.`, '')
  text = text.replace(new RegExp(`${names.scratch}\\.([A-Za-z0-9_-]+?)__([A-Za-z0-9_]+)`, 'g'), '$1.$2')
  for (const [course, variant] of Object.entries(names.datasets)) text = text.replaceAll(variant, course)
  return text
}
