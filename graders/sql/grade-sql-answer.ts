// The PostgreSQL engine: grades one SQL answer against the question's reference solution.
// Checks, in order, stopping at the first failure: parses → statement → runs → columns → rows →
// values (public data, feedback may show values) → hidden-data (same comparison on the hidden
// variant, reported as one check that never shows hidden values). All or nothing: the checks are
// gates (maxPoints 0) and the question scores 1 only when every one passes.
import { checkSql, type CheckedSql } from '../../sandbox/postgres/check-sql.ts'
import { SandboxUnavailableError, SqlRejectedError, SqlRuntimeError } from '../../sandbox/postgres/errors.ts'
import { type GradeCheck, type GradeResult, infrastructureFailure, makeGradeResult, verdictFromChecks } from '../grade-result.ts'
import {
  type ComparisonOptions,
  type ComparisonOutcome,
  compareResultSets,
  compareToFingerprint,
  FINGERPRINT_ROW_THRESHOLD,
  fingerprintResultSet,
  type ResultFingerprint,
} from './compare-result-sets.ts'
import { describeSqlError } from './feedback.ts'
import { mixedCaseColumnHint } from './hints/mixed-case-column.ts'
import { LruPromiseCache } from './reference-cache.ts'
import { type AstNode, referenceOrdering, resolveSortColumns } from './reference-ordering.ts'
import type { SqlResultSet } from './result-set.ts'
import { referenceContentHash, type SqlGradingQuestion } from './sql-question.ts'
import type { DatasetVariant, SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

export type SqlCheckName = 'parses' | 'statement' | 'runs' | 'columns' | 'rows' | 'values' | 'hidden-data'

/** The reference solution itself cannot be run or compared: the course's fault, not the learner's. */
export class ReferenceSolutionError extends Error {
  constructor(questionId: string, problem: string) {
    super(`The reference solution of ${questionId} is broken: ${problem}`)
    this.name = 'ReferenceSolutionError'
  }
}

/** A reference result as cached: its rows when small, a fingerprint when big. */
export interface ReferenceResult {
  columns: SqlResultSet['columns']
  rowCount: number
  rows: SqlResultSet['rows'] | null
  fingerprint: ResultFingerprint | null
  /** Output columns that fix the order (see ComparisonOptions.orderBy), null when order is free. */
  orderBy: number[] | null
}

export type ReferenceCache = LruPromiseCache<ReferenceResult>

/** Shared by every grade in this process. */
export const defaultReferenceCache: ReferenceCache = new LruPromiseCache<ReferenceResult>(512)

/** Statements that change the database: graded through the question's check_query. */
function changesDatabase(kind: CheckedSql['kind']): boolean {
  return kind !== 'select'
}

async function checkedReference(question: SqlGradingQuestion): Promise<CheckedSql> {
  try {
    return await checkSql(question.solutionSql, { allowed: question.statements })
  } catch (error) {
    if (error instanceof SqlRejectedError) throw new ReferenceSolutionError(question.id, error.message)
    throw error
  }
}

/** The statement whose ORDER BY decides ordering: the reference query, or the check_query after a DDL statement. */
async function orderingStatement(question: SqlGradingQuestion, reference: CheckedSql): Promise<AstNode> {
  if (!changesDatabase(reference.kind)) return reference.statement
  try {
    return (await checkSql(question.check_query ?? '', { allowed: ['select'] })).statement
  } catch (error) {
    if (error instanceof SqlRejectedError) throw new ReferenceSolutionError(question.id, `check_query: ${error.message}`)
    throw error
  }
}

export function orderByFor(question: SqlGradingQuestion, statement: AstNode, columnNames: string[]): number[] | null {
  const { ordered } = question.compare
  if (ordered === false) return null
  const ordering = referenceOrdering(statement)
  if (!ordering.sorted) return ordered === true ? columnNames.map((_, index) => index) : null
  const { columns } = resolveSortColumns(ordering, statement, columnNames)
  return columns.length > 0 ? columns : null
}

async function runReference(question: SqlGradingQuestion, variant: DatasetVariant, runner: SqlRunner, reference: CheckedSql) {
  if (changesDatabase(reference.kind) && !question.check_query) {
    throw new ReferenceSolutionError(question.id, `a ${reference.kind} question needs a check_query to compare results`)
  }
  try {
    const result = await runner.run(variant.database, question.solutionSql, {
      allowed: [reference.kind],
      ...(changesDatabase(reference.kind) && question.check_query ? { afterStatement: question.check_query } : {}),
    })
    if (result.truncated) throw new ReferenceSolutionError(question.id, 'its result is larger than the sandbox row cap')
    return result
  } catch (error) {
    if (error instanceof SqlRuntimeError) throw new ReferenceSolutionError(question.id, `PostgreSQL: ${error.message}`)
    throw error
  }
}

function comparisonOptions(question: SqlGradingQuestion, orderBy: number[] | null): ComparisonOptions {
  return { orderBy, floatTolerance: question.compare.float_tolerance, columnNames: question.compare.column_names }
}

/** The reference's result on one variant, from the cache or by running it once. */
export function referenceResult(
  question: SqlGradingQuestion,
  variant: DatasetVariant,
  runner: SqlRunner,
  cache: ReferenceCache = defaultReferenceCache,
): Promise<ReferenceResult> {
  const key = `${referenceContentHash(question)}|${JSON.stringify(question.compare)}|${variant.database}@${variant.version}`
  return cache.getOrCompute(key, async () => {
    const reference = await checkedReference(question)
    const [result, statement] = await Promise.all([
      runReference(question, variant, runner, reference),
      orderingStatement(question, reference),
    ])
    const orderBy = orderByFor(question, statement, result.columns.map((column) => column.name))
    const big = result.rows.length > FINGERPRINT_ROW_THRESHOLD
    return {
      columns: result.columns,
      rowCount: result.rows.length,
      rows: big ? null : result.rows,
      fingerprint: big ? fingerprintResultSet(result, orderBy, question.compare.float_tolerance) : null,
      orderBy,
    }
  })
}

async function compareWithReference(
  question: SqlGradingQuestion,
  variant: DatasetVariant,
  runner: SqlRunner,
  reference: ReferenceResult,
  actual: SqlResultSet,
): Promise<ComparisonOutcome> {
  const options = comparisonOptions(question, reference.orderBy)
  if (reference.rows) {
    return compareResultSets(
      { columns: reference.columns, rows: reference.rows, rowCount: reference.rowCount, truncated: false, durationMs: 0 },
      actual,
      options,
    )
  }
  const quick = compareToFingerprint(reference.fingerprint!, actual, options)
  if (quick !== 'needs-full-comparison') return quick
  // The fingerprint cannot apply tolerance or say what differs: compare with the reference's rows.
  const full = await runReference(question, variant, runner, await checkedReference(question))
  return compareResultSets(full, actual, options)
}

function check(name: SqlCheckName, passed: boolean, message: string): GradeCheck {
  return { name, passed, points: 0, maxPoints: 0, message }
}

const HIDDEN_DATA_FAILED =
  'Your query is right on the public data but wrong on the hidden data (same tables, other rows) — is a value hard-coded, or does it depend on something specific to the public data?'

export interface GradeSqlAnswerInput {
  question: SqlGradingQuestion
  answerSql: string
  runner: SqlRunner
  datasets: SqlGradingDatasets
  referenceCache?: ReferenceCache
  /** Told about infrastructure failures with their details (the result carries a generic sentence). */
  onInfrastructureError?: (error: unknown) => void
  /**
   * Cancels the learner's statements when grading is cancelled (the result is then an `error`). The
   * reference runs are not cancelled: they are shared through the cache by every grade of the question.
   */
  signal?: AbortSignal
}

type RunOutcome = { ok: true; result: SqlResultSet } | { ok: false; error: unknown }

async function settle(run: Promise<SqlResultSet>): Promise<RunOutcome> {
  return run.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

function failedRunMessage(answerSql: string, error: SqlRuntimeError, statementChangesDatabase: boolean): string {
  // After a DDL statement the error may come from the check query, whose text the learner never saw.
  const position = statementChangesDatabase && error.position !== undefined && error.position > answerSql.length ? undefined : error.position
  // An unquoted mixed-case column gets our hint (quote it), which says why; PostgreSQL's only guesses a name.
  const hint = mixedCaseColumnHint(error.message) ?? error.hint
  return describeSqlError(answerSql, { message: error.message, position, hint, detail: error.detail }, 'PostgreSQL reported an error:')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** Grades a learner's SQL answer. Never throws: infrastructure failures become an `error` result. */
export async function gradeSqlAnswer(input: GradeSqlAnswerInput): Promise<GradeResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const checks = await runChecks(input)
    const rejected = checks.some((entry) => !entry.passed && (entry.name === 'parses' || entry.name === 'statement'))
    const { verdict, score } = rejected ? { verdict: 'invalid' as const, score: 0 } : verdictFromChecks(checks)
    return makeGradeResult('postgres', { verdict, score, checks, durationMs: elapsed(), engine: 'postgres' }, elapsed())
  } catch (error) {
    input.onInfrastructureError?.(error)
    if (error instanceof SandboxUnavailableError) return infrastructureFailure('postgres', elapsed(), error.message)
    const message = error instanceof Error ? error.message : String(error)
    return infrastructureFailure('postgres', elapsed(), `The SQL grader failed: ${message}`)
  }
}

const PARSE_REASONS = new Set(['syntax', 'empty', 'too_large', 'nul_byte'])

/** `parses` fails for text that is not one parsable statement; `statement` for what the question or sandbox refuses. */
function rejectedChecks(answerSql: string, error: SqlRejectedError): GradeCheck[] {
  if (PARSE_REASONS.has(error.reason)) {
    return [check('parses', false, describeSqlError(answerSql, { message: error.message, position: error.position }, 'Your SQL does not parse.'))]
  }
  return [check('parses', true, 'Your SQL parses.'), check('statement', false, error.message)]
}

async function runChecks({ question, answerSql, runner, datasets, referenceCache, signal }: GradeSqlAnswerInput): Promise<GradeCheck[]> {
  const checks: GradeCheck[] = []

  // The runner parses and vets the statement (as checkSql) before it runs: one parse per run, no extra.
  const changes = question.check_query !== undefined && question.statements.some(changesDatabase)
  const runOptions = { allowed: question.statements, signal, ...(changes ? { afterStatement: question.check_query } : {}) }
  // Public and hidden variants run side by side: a correct answer costs about one execution of wall time.
  const publicRun = settle(runner.run(datasets.public.database, answerSql, runOptions))
  const hiddenRun = datasets.hidden ? settle(runner.run(datasets.hidden.database, answerSql, runOptions)) : null
  const publicReference = referenceResult(question, datasets.public, runner, referenceCache)
  const hiddenReference = datasets.hidden ? referenceResult(question, datasets.hidden, runner, referenceCache) : null
  // Nothing may reject unobserved while we wait on the public run.
  publicReference.catch(() => undefined)
  hiddenReference?.catch(() => undefined)

  const publicOutcome = await publicRun
  if (!publicOutcome.ok && publicOutcome.error instanceof SqlRejectedError) return rejectedChecks(answerSql, publicOutcome.error)
  checks.push(check('parses', true, 'Your SQL parses.'))
  checks.push(check('statement', true, 'Your answer is one statement of a kind this question accepts.'))
  if (!publicOutcome.ok) {
    if (publicOutcome.error instanceof SqlRuntimeError) {
      checks.push(check('runs', false, failedRunMessage(answerSql, publicOutcome.error, changes)))
      return checks
    }
    throw publicOutcome.error
  }
  const actual = publicOutcome.result
  checks.push(
    check(
      'runs',
      true,
      changes
        ? `Your statement ran (${Math.round(actual.durationMs)} ms), and the question's check query ran after it.`
        : `Your query ran in ${Math.round(actual.durationMs)} ms.`,
    ),
  )

  const reference = await publicReference
  const comparison = await compareWithReference(question, datasets.public, runner, reference, actual)
  const sortedNote = reference.orderBy || reference.rowCount <= 1 ? '' : ' (row order does not matter here)'
  if (!comparison.equal) {
    if (comparison.check !== 'columns') checks.push(check('columns', true, `Your result has the expected ${plural(reference.columns.length, 'column')}.`))
    if (comparison.check === 'values') checks.push(check('rows', true, `Your result has the expected ${plural(reference.rowCount, 'row')}.`))
    checks.push(check(comparison.check, false, comparison.message))
    return checks
  }
  checks.push(check('columns', true, `Your result has the expected ${plural(reference.columns.length, 'column')}.`))
  checks.push(check('rows', true, `Your result has the expected ${plural(reference.rowCount, 'row')}.`))
  checks.push(check('values', true, `Every value matches the expected result${sortedNote}.`))

  if (!hiddenRun || !hiddenReference || !datasets.hidden) return checks
  const hiddenOutcome = await hiddenRun
  if (!hiddenOutcome.ok) {
    const error = hiddenOutcome.error
    if (!(error instanceof SqlRuntimeError)) throw error
    // PostgreSQL's message could quote hidden values: name the error class only.
    checks.push(
      check(
        'hidden-data',
        false,
        `Your query is right on the public data but failed on the hidden data with a PostgreSQL error (SQLSTATE ${error.code}) — does it assume something that only holds for the public rows?`,
      ),
    )
    return checks
  }
  const hiddenComparison = await compareWithReference(question, datasets.hidden, runner, await hiddenReference, hiddenOutcome.result)
  checks.push(
    hiddenComparison.equal
      ? check('hidden-data', true, 'Your query is also right on the hidden data.')
      : check('hidden-data', false, HIDDEN_DATA_FAILED),
  )
  return checks
}
