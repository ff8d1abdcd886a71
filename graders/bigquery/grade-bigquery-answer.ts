// The BigQuery engine: grades one BigQuery SQL answer against the reference, on the local engine
// (DuckDB) or on real BigQuery when the variants are loaded there (session.ts), through the same
// comparison and feedback as PostgreSQL questions. Checks, in order, stopping at the first failure: parses → statement → runs → columns → rows → values → estimate
// (when the question grades the dry-run bytes) → table (when it grades the created table's columns and
// layout, compare.table_layout) → hidden-data (the same on a hidden variant drawn for
// this attempt from the pool, never showing hidden values, sizes or timing). Each run has its own
// scratch datasets, gone when it ends.
import { randomInt } from 'node:crypto'
import { type GradeCheck, type GradeResult, infrastructureFailure, makeGradeResult, verdictFromChecks } from '../grade-result.ts'
import { compareResultSets, type ComparisonOptions } from '../sql/compare-result-sets.ts'
import { describeSqlError } from '../sql/feedback.ts'
import { HIDDEN_DATA_FAILED, HIDDEN_DATA_PASSED } from '../sql/grade-sql-answer.ts'
import { LruPromiseCache } from '../sql/reference-cache.ts'
import type { SqlResultSet } from '../sql/result-set.ts'
import { type BigQueryGradingQuestion, bigQueryReferenceHash, courseKindOf } from './bigquery-question.ts'
import { BigQueryRejectedError, BigQueryRuntimeError } from './errors.ts'
import { formatBytes } from './format-bytes.ts'
import type { TableLayout } from './local-engine.ts'
import { compareTableLayout } from './table-layout.ts'
import { type BigQueryDataVariant, openBigQuerySession, variantCacheKey } from './session.ts'
import type { OrderKey } from './translate.ts'

export type BigQueryCheckName = 'parses' | 'statement' | 'runs' | 'columns' | 'rows' | 'values' | 'estimate' | 'table' | 'hidden-data'

export type { BigQueryDataVariant } from './session.ts'

export interface BigQueryGradingData {
  public: BigQueryDataVariant
  /** The hidden pool (local-data.ts): each graded attempt is checked on one of them. */
  hidden?: BigQueryDataVariant[]
}

export class BigQueryReferenceError extends Error {
  constructor(questionId: string, problem: string) {
    super(`The reference solution of ${questionId} is broken: ${problem}`)
    this.name = 'BigQueryReferenceError'
  }
}

/** What one session produced for a statement: the compared result, its order keys and byte estimate. */
export interface SessionOutcome {
  result: SqlResultSet
  orderBy: OrderKey[] | null
  bytesProcessed: number
  /** The table a CREATE TABLE made (local engine). */
  createdTable?: TableLayout
}

const PARSE_REASONS = new Set(['syntax', 'empty', 'too_large', 'multiple_statements'])

/**
 * Opens a session on the variant, runs the question's setup, then the statement (and, after a
 * CREATE, the check query). Setup failures are the course's fault: BigQueryReferenceError.
 */
export async function runInSession(question: BigQueryGradingQuestion, variant: BigQueryDataVariant, sql: string, allowCheck = true): Promise<SessionOutcome> {
  const session = await openBigQuerySession(variant)
  try {
    for (const statement of question.setup) {
      try {
        await session.run(statement)
      } catch (error) {
        throw new BigQueryReferenceError(question.id, `setup statement failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    const dry = await session.dryRun(sql)
    const kind = courseKindOf(dry.kind)
    if (!question.statements.includes(kind)) {
      const allowed = question.statements.map((entry) => entry.replaceAll('_', ' ').toUpperCase()).join(', ')
      throw new BigQueryRejectedError('kind_not_allowed', `This question accepts ${allowed} statements; yours is ${kind.replaceAll('_', ' ').toUpperCase()}.`)
    }
    const outcome = await session.run(sql)
    if (outcome.kind !== 'query' && allowCheck && question.check_query) {
      const check = await session.run(question.check_query)
      return { result: check.result, orderBy: check.orderBy, bytesProcessed: check.bytesProcessed, ...(outcome.createdTable ? { createdTable: outcome.createdTable } : {}) }
    }
    return { result: outcome.result, orderBy: outcome.orderBy, bytesProcessed: outcome.bytesProcessed }
  } finally {
    await session.close()
  }
}

export interface ReferenceOutcome extends SessionOutcome {
  /** Output columns fixing the order; null when order is free. */
  orderColumns: number[] | null
}

function orderColumns(question: BigQueryGradingQuestion, keys: OrderKey[] | null, names: string[]): number[] | null {
  const { ordered } = question.compare
  if (ordered === false) return null
  if (!keys || keys.length === 0) return ordered === true ? names.map((_, index) => index) : null
  const indexes: number[] = []
  for (const key of keys) {
    const index = 'position' in key ? key.position - 1 : names.findIndex((name) => name.toLowerCase() === key.name.toLowerCase())
    // A key that is not an output column: the order is only fixed by all columns together.
    if (index < 0 || index >= names.length) return names.map((_, position) => position)
    if (!indexes.includes(index)) indexes.push(index)
  }
  return indexes
}

export type BigQueryReferenceCache = LruPromiseCache<ReferenceOutcome>
export const defaultBigQueryReferenceCache: BigQueryReferenceCache = new LruPromiseCache<ReferenceOutcome>(256)

export function referenceOutcome(question: BigQueryGradingQuestion, variant: BigQueryDataVariant, cache: BigQueryReferenceCache): Promise<ReferenceOutcome> {
  return cache.getOrCompute(`${bigQueryReferenceHash(question)}|${variantCacheKey(variant)}`, async () => {
    let outcome: SessionOutcome
    try {
      outcome = await runInSession(question, variant, question.solutionSql)
    } catch (error) {
      if (error instanceof BigQueryRejectedError || error instanceof BigQueryRuntimeError) throw new BigQueryReferenceError(question.id, error.message)
      throw error
    }
    if (outcome.result.truncated) throw new BigQueryReferenceError(question.id, 'its result is larger than the row cap')
    return { ...outcome, orderColumns: orderColumns(question, outcome.orderBy, outcome.result.columns.map((column) => column.name)) }
  })
}

function check(name: BigQueryCheckName, passed: boolean, message: string): GradeCheck {
  return { name, passed, points: 0, maxPoints: 0, message }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

type Settled = { ok: true; value: SessionOutcome } | { ok: false; error: unknown }

function settle(run: Promise<SessionOutcome>): Promise<Settled> {
  return run.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

export interface GradeBigQueryAnswerInput {
  question: BigQueryGradingQuestion
  answerSql: string
  data: BigQueryGradingData
  referenceCache?: BigQueryReferenceCache
  onInfrastructureError?: (error: unknown) => void
  /** Picks the hidden variant of this attempt among `count`; default: a cryptographically random draw. */
  drawHiddenVariant?: (count: number) => number
}

/** Grades a learner's BigQuery answer. Never throws: infrastructure failures become an `error` result. */
export async function gradeBigQueryAnswer(input: GradeBigQueryAnswerInput): Promise<GradeResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    let publicPhaseMs: number | null = null
    const checks = await runChecks(input, () => (publicPhaseMs = elapsed()))
    const rejected = checks.some((entry) => !entry.passed && (entry.name === 'parses' || entry.name === 'statement'))
    const { verdict, score } = rejected ? { verdict: 'invalid' as const, score: 0 } : verdictFromChecks(checks)
    // The reported duration ends with the public phase: the hidden run's timing is not the learner's to see.
    const durationMs = publicPhaseMs ?? elapsed()
    return makeGradeResult('bigquery', { verdict, score, checks, durationMs, engine: 'bigquery' }, durationMs)
  } catch (error) {
    input.onInfrastructureError?.(error)
    const message = error instanceof Error ? error.message : String(error)
    return infrastructureFailure('bigquery', elapsed(), `The BigQuery grader failed: ${message}`)
  }
}

function rejectedChecks(error: BigQueryRejectedError): GradeCheck[] {
  if (PARSE_REASONS.has(error.reason)) return [check('parses', false, `Your SQL does not parse. ${error.message}`)]
  return [check('parses', true, 'Your SQL parses.'), check('statement', false, error.message)]
}

/** Same result (and, when graded, the same estimate): a hard-coded public answer would pass on the second. */
export function sameBigQueryReference(question: BigQueryGradingQuestion, a: ReferenceOutcome, b: ReferenceOutcome): boolean {
  const options: ComparisonOptions = { orderBy: a.orderColumns, floatTolerance: question.compare.float_tolerance, columnNames: question.compare.column_names }
  return compareResultSets(a.result, b.result, options).equal && (!question.compare.estimate || a.bytesProcessed === b.bytesProcessed)
}

/**
 * The hidden variant of this attempt: drawn afresh each time; among the pool, only variants where the
 * reference differs from the public one count (there a hard-coded public answer fails). The draw picks
 * the starting point; the first such variant from there on is used. `syllabus course check` fails a
 * question with too few of them (check-reference-varies.ts).
 */
async function chooseHiddenVariant(
  question: BigQueryGradingQuestion,
  pool: BigQueryDataVariant[],
  start: number,
  publicReference: Promise<ReferenceOutcome>,
  cache: BigQueryReferenceCache,
): Promise<{ variant: BigQueryDataVariant; reference: ReferenceOutcome }> {
  const first = Number.isInteger(start) && start >= 0 && start < pool.length ? start : 0
  const ordered = pool.map((_, offset) => pool[(first + offset) % pool.length]!)
  const publicOutcome = await publicReference
  for (const variant of ordered) {
    const reference = await referenceOutcome(question, variant, cache)
    if (!sameBigQueryReference(question, publicOutcome, reference)) return { variant, reference }
  }
  return { variant: ordered[0]!, reference: await referenceOutcome(question, ordered[0]!, cache) }
}

async function runChecks(
  { question, answerSql, data, referenceCache = defaultBigQueryReferenceCache, drawHiddenVariant = randomInt }: GradeBigQueryAnswerInput,
  endPublicPhase: () => void,
): Promise<GradeCheck[]> {
  const checks: GradeCheck[] = []
  const publicReference = referenceOutcome(question, data.public, referenceCache)
  publicReference.catch(() => undefined)
  const publicRun = await settle(runInSession(question, data.public, answerSql))
  if (!publicRun.ok) {
    if (publicRun.error instanceof BigQueryRejectedError) return rejectedChecks(publicRun.error)
    if (publicRun.error instanceof BigQueryRuntimeError) {
      checks.push(check('parses', true, 'Your SQL parses.'), check('statement', true, 'Your answer is one statement of a kind this question accepts.'))
      checks.push(check('runs', false, describeSqlError(answerSql, { message: publicRun.error.message }, data.public.cloud ? 'BigQuery reported an error:' : 'BigQuery (local engine) reported an error:')))
      return checks
    }
    throw publicRun.error
  }
  checks.push(check('parses', true, 'Your SQL parses.'), check('statement', true, 'Your answer is one statement of a kind this question accepts.'))
  const actual = publicRun.value
  checks.push(check('runs', true, `Your statement ran in ${Math.round(actual.result.durationMs)} ms.`))

  const reference = await publicReference
  const options: ComparisonOptions = { orderBy: reference.orderColumns, floatTolerance: question.compare.float_tolerance, columnNames: question.compare.column_names }
  const comparison = compareResultSets(reference.result, actual.result, options)
  const rowCount = reference.result.rowCount
  if (!comparison.equal) {
    if (comparison.check !== 'columns') checks.push(check('columns', true, `Your result has the expected ${plural(reference.result.columns.length, 'column')}.`))
    if (comparison.check === 'values') checks.push(check('rows', true, `Your result has the expected ${plural(rowCount, 'row')}.`))
    checks.push(check(comparison.check, false, comparison.message))
    return checks
  }
  const sortedNote = reference.orderColumns || rowCount <= 1 ? '' : ' (row order does not matter here)'
  checks.push(check('columns', true, `Your result has the expected ${plural(reference.result.columns.length, 'column')}.`))
  checks.push(check('rows', true, `Your result has the expected ${plural(rowCount, 'row')}.`))
  checks.push(check('values', true, `Every value matches the expected result${sortedNote}.`))
  if (question.compare.estimate) {
    const what = question.check_query ? 'The check query after your statement' : 'Your query'
    checks.push(
      actual.bytesProcessed === reference.bytesProcessed
        ? check('estimate', true, `${what} would process ${formatBytes(actual.bytesProcessed)}, as expected.`)
        : check(
            'estimate',
            false,
            `${what} would process ${formatBytes(actual.bytesProcessed)} when run; the expected statement processes ${formatBytes(reference.bytesProcessed)}. Check which columns and which table (external, native, partitioned) it reads.`,
          ),
    )
    if (!checks.at(-1)!.passed) return checks
  }
  if (question.compare.table_layout) {
    // Only the local engine reports the table (questions whose setup has an external table run there).
    if (!reference.createdTable) throw new BigQueryReferenceError(question.id, 'compare.table_layout needs a CREATE TABLE reference run on the local engine')
    const layout = actual.createdTable ? compareTableLayout(reference.createdTable, actual.createdTable) : { equal: false as const, message: 'Your statement did not create the table.' }
    checks.push(layout.equal ? check('table', true, 'Your table has the expected columns, partitioning and clustering.') : check('table', false, layout.message))
    if (!layout.equal) return checks
  }

  endPublicPhase()
  const pool = data.hidden ?? []
  if (pool.length === 0) return checks
  const hidden = await chooseHiddenVariant(question, pool, drawHiddenVariant(pool.length), publicReference, referenceCache)
  const hiddenReference = hidden.reference
  const hiddenRun = await settle(runInSession(question, hidden.variant, answerSql))
  if (!hiddenRun.ok) {
    if (!(hiddenRun.error instanceof BigQueryRuntimeError || hiddenRun.error instanceof BigQueryRejectedError)) throw hiddenRun.error
    // The message could quote hidden values; and an error must read as a mismatch does (one bit per attempt).
    checks.push(check('hidden-data', false, HIDDEN_DATA_FAILED))
    return checks
  }
  const hiddenExpected = hiddenReference
  const hiddenComparison = compareResultSets(hiddenExpected.result, hiddenRun.value.result, { ...options, orderBy: hiddenExpected.orderColumns })
  const estimateOk = !question.compare.estimate || hiddenRun.value.bytesProcessed === hiddenExpected.bytesProcessed
  checks.push(
    hiddenComparison.equal && estimateOk
      ? check('hidden-data', true, HIDDEN_DATA_PASSED)
      : check('hidden-data', false, HIDDEN_DATA_FAILED),
  )
  return checks
}
