// Author check: a reference whose result PostgreSQL may return differently from one run to the next
// (or between the public and hidden variants' plans) would fail correct answers at random.
// Flags LIMIT without ORDER BY (anywhere in the query), DISTINCT ON without a tie-breaking ORDER BY,
// and — by running the reference one row further — ties at the top-level LIMIT boundary.
import { checkSql } from '../../sandbox/postgres/check-sql.ts'
import { SqlRejectedError } from '../../sandbox/postgres/errors.ts'
import { type AstNode, referenceOrdering, resolveSortColumns, selectBody } from './reference-ordering.ts'
import type { SqlGradingQuestion } from './sql-question.ts'
import type { DatasetVariant, SqlRunner } from './sql-runner.ts'
import { canonicalValue, valueClassOf } from './postgres-text-values.ts'

export interface DeterminismReport {
  deterministic: boolean
  /** Why the result is not deterministic: each a sentence for the author. */
  problems: string[]
  /** What could not be verified. */
  warnings: string[]
}

/** Every SelectStmt body in the tree, the top level first. */
function selectBodies(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) {
    for (const child of node) selectBodies(child, found)
  } else if (node && typeof node === 'object') {
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'SelectStmt' && child && typeof child === 'object') found.push(child as Record<string, unknown>)
      selectBodies(child, found)
    }
  }
  return found
}

function hasLimit(body: Record<string, unknown>): boolean {
  return body.limitCount !== undefined && body.limitOption !== 'LIMIT_OPTION_WITH_TIES'
}

function distinctOnCount(body: Record<string, unknown>): number {
  const clause = (body.distinctClause ?? []) as AstNode[]
  // Plain DISTINCT is a list holding one empty node; DISTINCT ON lists its expressions.
  return clause.filter((entry) => Object.keys(entry).length > 0).length
}

/** The reference statement whose rows are compared (the SELECT, or the query inside CREATE … AS). */
function comparedQuery(statement: AstNode): AstNode {
  const inner = (statement.CreateTableAsStmt ?? statement.ViewStmt) as { query?: AstNode } | undefined
  return inner?.query ?? statement
}

/** The reference with its top-level `LIMIT n` replaced by `LIMIT n + 1`, or null when n is not a literal. */
function withOneMoreRow(sql: string, body: Record<string, unknown>): { sql: string; limit: number } | null {
  const constant = (body.limitCount as AstNode | undefined)?.A_Const as { ival?: { ival?: number }; location?: number } | undefined
  if (!constant?.ival || constant.location === undefined) return null
  const limit = constant.ival.ival ?? 0
  const bytes = Buffer.from(sql, 'utf8')
  const digits = /^\d+/.exec(bytes.subarray(constant.location).toString('utf8'))?.[0]
  if (!digits || Number(digits) !== limit) return null
  const before = bytes.subarray(0, constant.location).toString('utf8')
  const after = bytes.subarray(constant.location + Buffer.byteLength(digits)).toString('utf8')
  return { sql: `${before}${limit + 1}${after}`, limit }
}

export async function checkReferenceDeterminism(
  question: SqlGradingQuestion,
  runner: SqlRunner,
  variant: DatasetVariant,
): Promise<DeterminismReport> {
  const problems: string[] = []
  const warnings: string[] = []
  let checked
  try {
    checked = await checkSql(question.solutionSql, { allowed: question.statements })
  } catch (error) {
    if (error instanceof SqlRejectedError) return { deterministic: false, problems: [`The reference is rejected: ${error.message}`], warnings }
    throw error
  }
  const query = comparedQuery(checked.statement)
  for (const [index, body] of selectBodies(query).entries()) {
    const where = index === 0 ? 'The query' : 'A subquery or CTE'
    const sortKeys = ((body.sortClause ?? []) as AstNode[]).length
    if (hasLimit(body) && sortKeys === 0) problems.push(`${where} has LIMIT without ORDER BY: which rows it keeps is arbitrary.`)
    const distinctOn = distinctOnCount(body)
    if (distinctOn > 0 && sortKeys <= distinctOn) {
      problems.push(
        `${where} uses DISTINCT ON without ORDER BY keys after the DISTINCT ON expressions: which row it keeps per group is arbitrary.`,
      )
    }
  }

  const top = selectBody(query)
  if (top && checked.kind === 'select' && hasLimit(top) && ((top.sortClause ?? []) as AstNode[]).length > 0) {
    const widened = withOneMoreRow(question.solutionSql, top)
    if (!widened) warnings.push('The LIMIT is not a number literal, so ties at the LIMIT boundary were not checked.')
    else {
      const result = await runner.run(variant.database, widened.sql, { allowed: ['select'] })
      const ordering = referenceOrdering(query)
      const { columns, complete } = resolveSortColumns(ordering, query, result.columns.map((column) => column.name))
      if (!complete) {
        warnings.push('The ORDER BY uses expressions that are not output columns, so ties at the LIMIT boundary were not checked.')
      } else if (result.rows.length > widened.limit && widened.limit > 0) {
        const key = (row: (string | null)[]) =>
          JSON.stringify(columns.map((index) => (row[index] == null ? null : canonicalValue(row[index]!, valueClassOf(result.columns[index]!.typeOid)))))
        const last = result.rows[widened.limit - 1]!
        const next = result.rows[widened.limit]!
        if (key(last) === key(next) && JSON.stringify(last) !== JSON.stringify(next)) {
          problems.push(
            `Rows ${widened.limit} and ${widened.limit + 1} tie on the ORDER BY, so LIMIT ${widened.limit} keeps one of them at random on ${variant.database}: add a tie-breaking sort key.`,
          )
        }
      }
    }
  }
  return { deterministic: problems.length === 0, problems, warnings }
}
