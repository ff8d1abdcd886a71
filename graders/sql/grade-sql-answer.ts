// The PostgreSQL engine: grades one SQL answer against the question's reference solution.
// Checks, in order, stopping at the first failure: parses → statement → runs → columns → rows →
// values (public data: feedback says what differs and where, and shows expected values only once
// answers are revealed) → counterexample (the same comparison on each of the question's killing
// databases, small synthetic ones on which near-miss queries fail: a failure shows that database and
// both results, see killing/counterexample.ts) → hidden-data (the same comparison on a hidden variant drawn for this
// attempt, reported as pass or fail with one fixed sentence whatever happened: docs/security.md).
// All or nothing: the checks are gates (maxPoints 0) and the question scores 1 only when every one passes.
import { randomInt } from 'node:crypto'
import { checkSql, type CheckedSql } from '../../sandbox/postgres/check-sql.ts'
import { SandboxUnavailableError, SqlRejectedError, SqlRunAbortedError, SqlRuntimeError } from '../../sandbox/postgres/errors.ts'
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
import { counterexampleMessage, killingRowCount } from './killing/counterexample.ts'
import { clauseHint, type HintLevel } from './hints/clause-hints.ts'
import { mixedCaseColumnHint } from './hints/mixed-case-column.ts'
import { LruPromiseCache } from './reference-cache.ts'
import { type AstNode, referenceOrdering, resolveSortColumns } from './reference-ordering.ts'
import type { SqlResultSet } from './result-set.ts'
import { referenceContentHash, type SqlGradingQuestion } from './sql-question.ts'
import type { DatasetVariant, KillingVariant, SqlGradingDatasets, SqlRunner, SqlRunOptions } from './sql-runner.ts'

export type SqlCheckName = 'parses' | 'statement' | 'runs' | 'columns' | 'rows' | 'values' | 'counterexample' | 'hidden-data'

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

function comparisonOptions(question: SqlGradingQuestion, orderBy: number[] | null, revealExpected: boolean): ComparisonOptions {
  return { orderBy, floatTolerance: question.compare.float_tolerance, columnNames: question.compare.column_names, revealExpected }
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
  revealExpected: boolean,
): Promise<ComparisonOutcome> {
  const options = comparisonOptions(question, reference.orderBy, revealExpected)
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

/**
 * The only sentences a hidden run can produce. A mismatch, a PostgreSQL error and a timeout all read
 * the same, so the outcome carries one bit about a variant that the next attempt will not see again.
 */
export const HIDDEN_DATA_PASSED = 'Your query is also right on hidden data (same tables, other rows).'
export const HIDDEN_DATA_FAILED =
  'Your query is right on the public data but not on hidden data (same tables, other rows) — is a value hard-coded, or does it depend on something specific to the public data?'

/** PostgreSQL's insufficient_privilege: the learner reached for something off-limits, not a wrong answer. */
const INSUFFICIENT_PRIVILEGE = '42501'

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
  /** Answers are revealed (see `mayRevealAnswers`): feedback may then quote the expected result. */
  revealExpected?: boolean
  /** How much a wrong answer's hint may say (hints/clause-hints.ts); default `off`. */
  hintLevel?: HintLevel
  /** Picks the hidden variant of this attempt among `count`; default: a cryptographically random draw. */
  drawHiddenVariant?: (count: number) => number
  /**
   * When the learner's hidden run starts: `alongside` the public run (default: a right answer costs about
   * one execution of wall time, when a core is free for each), or `after-public`, only once the public
   * phase has passed — a wrong answer then never runs on a hidden variant, whose result could not change
   * its verdict. For a grader whose cores are already busy with other grades, where side by side saves no
   * wall time and the hidden run of every wrong answer is CPU taken from the others (postgresEngine).
   */
  hiddenRun?: 'alongside' | 'after-public'
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
    const { checks, publicPhaseMs } = await runChecks(input, () => performance.now() - started)
    const rejected = checks.some((entry) => !entry.passed && (entry.name === 'parses' || entry.name === 'statement'))
    const { verdict, score } = rejected ? { verdict: 'invalid' as const, score: 0 } : verdictFromChecks(checks)
    // The reported duration ends with the public phase: the hidden run's timing is not the learner's to see.
    const durationMs = Math.round(publicPhaseMs ?? elapsed())
    return makeGradeResult('postgres', { verdict, score, checks, durationMs, engine: 'postgres' }, durationMs)
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

/** The two reference results are the same (a hard-coded public answer would pass on the second). */
export function sameReferenceResult(question: SqlGradingQuestion, a: ReferenceResult, b: ReferenceResult): boolean {
  if (a.fingerprint || b.fingerprint) return a.fingerprint?.digest === b.fingerprint?.digest && a.rowCount === b.rowCount
  const asSet = (result: ReferenceResult) => ({ columns: result.columns, rows: result.rows!, rowCount: result.rowCount, truncated: false, durationMs: 0 })
  return compareResultSets(asSet(a), asSet(b), comparisonOptions(question, a.orderBy, false)).equal
}

/**
 * The hidden variant of this attempt: drawn afresh each time, so nothing learned about one carries
 * over; among the pool, only variants where the reference's result differs from the public one
 * count (there a hard-coded public answer fails). The draw picks the starting point; the first such
 * variant from there on is used. `syllabus course check` fails a question with too few of them.
 */
async function chooseHiddenVariant(
  question: SqlGradingQuestion,
  pool: DatasetVariant[],
  start: number,
  publicReference: Promise<ReferenceResult>,
  runner: SqlRunner,
  cache: ReferenceCache | undefined,
): Promise<{ variant: DatasetVariant; reference: ReferenceResult }> {
  const first = Number.isInteger(start) && start >= 0 && start < pool.length ? start : 0
  const ordered = pool.map((_, offset) => pool[(first + offset) % pool.length]!)
  // The drawn variant's reference runs beside the public one (it is nearly always the one used): when
  // neither is cached yet (a process's first grade) they would otherwise run one after the other.
  const drawnReference = referenceResult(question, ordered[0]!, runner, cache)
  drawnReference.catch(() => undefined)
  const publicResult = await publicReference
  for (const [index, variant] of ordered.entries()) {
    const reference = index === 0 ? await drawnReference : await referenceResult(question, variant, runner, cache)
    if (!sameReferenceResult(question, publicResult, reference)) return { variant, reference }
  }
  return { variant: ordered[0]!, reference: await drawnReference }
}

/** The answer's run on one killing database, started with the public run (each takes milliseconds). */
interface KillingRun {
  variant: KillingVariant
  run: Promise<RunOutcome>
  reference: Promise<ReferenceResult>
}

function startKillingRuns(input: GradeSqlAnswerInput, runOptions: SqlRunOptions): KillingRun[] {
  const { question, answerSql, runner, referenceCache, datasets } = input
  return (datasets.killing ?? []).map((variant) => {
    const runs = { variant, run: settle(runner.run(variant.database, answerSql, runOptions)), reference: referenceResult(question, variant, runner, referenceCache) }
    runs.reference.catch(() => undefined)
    return runs
  })
}

/** The feedback for the smallest killing database the answer gets wrong, or null when it is right on all of them. */
async function firstCounterexample(input: GradeSqlAnswerInput, killingRuns: KillingRun[]): Promise<string | null> {
  const { question, runner } = input
  const outcomes = await Promise.all(
    killingRuns.map(async ({ variant, run: pending, reference: referencePending }) => {
      const [reference, run] = await Promise.all([referencePending, pending])
      if (!run.ok) {
        if (run.error instanceof SqlRunAbortedError || run.error instanceof SandboxUnavailableError) throw run.error
        const message = run.error instanceof Error ? run.error.message : String(run.error)
        return { variant, reference, actual: { error: message } }
      }
      const comparison = await compareWithReference(question, variant, runner, reference, run.result, true)
      return comparison.equal ? null : { variant, reference, actual: run.result }
    }),
  )
  const failed = outcomes.filter((outcome) => outcome !== null).sort((a, b) => killingRowCount(a.variant.data) - killingRowCount(b.variant.data))
  const shown = failed[0]
  return shown ? counterexampleMessage(shown.variant.data, shown.reference, shown.actual) : null
}

/** The message of a wrong result, with the clause hint the homework allows (from the two queries' text only, never from data). */
async function withHint(input: GradeSqlAnswerInput, message: string): Promise<string> {
  const hint = await clauseHint(input.question.solutionSql, input.answerSql, input.hintLevel ?? 'off')
  return hint ? `${message}\n\nHint: ${hint}` : message
}

interface CheckRun {
  checks: GradeCheck[]
  /** Time when the public phase ended (ms since the grade started); null when grading stopped before. */
  publicPhaseMs: number | null
}

async function runChecks(input: GradeSqlAnswerInput, sinceStart: () => number): Promise<CheckRun> {
  const { question, answerSql, runner, datasets, referenceCache, signal } = input
  const revealExpected = input.revealExpected === true
  const checks: GradeCheck[] = []
  const done = (publicPhaseMs: number | null = null): CheckRun => ({ checks, publicPhaseMs })
  const pool = datasets.hidden ?? []

  // The runner parses and vets the statement (as checkSql) before it runs: one parse per run, no extra.
  const changes = question.check_query !== undefined && question.statements.some(changesDatabase)
  const runOptions = { allowed: question.statements, signal, ...(changes ? { afterStatement: question.check_query } : {}) }
  // Public and hidden variants run side by side unless asked otherwise (GradeSqlAnswerInput.hiddenRun).
  const publicRun = settle(runner.run(datasets.public.database, answerSql, runOptions))
  const publicReference = referenceResult(question, datasets.public, runner, referenceCache)
  const hidden =
    pool.length > 0
      ? chooseHiddenVariant(question, pool, (input.drawHiddenVariant ?? randomInt)(pool.length), publicReference, runner, referenceCache)
      : null
  // Killing databases are tiny: their runs start now too, so they cost no wall time after the public run.
  const killingRuns = startKillingRuns(input, runOptions)
  // The learner's hidden run starts once its variant is chosen (the references are cached after the first
  // grade), or, after-public, once the public phase has passed (below).
  const startHiddenRun = () => (hidden ? hidden.then((choice) => settle(runner.run(choice.variant.database, answerSql, runOptions))) : null)
  let hiddenRun = input.hiddenRun === 'after-public' ? null : startHiddenRun()
  // Nothing may reject unobserved while we wait on the public run.
  publicReference.catch(() => undefined)
  hidden?.catch(() => undefined)
  hiddenRun?.catch(() => undefined)

  const publicOutcome = await publicRun
  if (!publicOutcome.ok && publicOutcome.error instanceof SqlRejectedError) {
    checks.push(...rejectedChecks(answerSql, publicOutcome.error))
    return done()
  }
  checks.push(check('parses', true, 'Your SQL parses.'))
  if (!publicOutcome.ok && publicOutcome.error instanceof SqlRuntimeError && publicOutcome.error.code === INSUFFICIENT_PRIVILEGE) {
    // Reaching for a catalog or table the sandbox closes is refused like a forbidden statement: no attempt used.
    checks.push(check('statement', false, `Your query reads something the sandbox does not let learners read: ${publicOutcome.error.message}`))
    return done()
  }
  checks.push(check('statement', true, 'Your answer is one statement of a kind this question accepts.'))
  if (!publicOutcome.ok) {
    if (publicOutcome.error instanceof SqlRuntimeError) {
      // A timeout on the public data is the learner's (the same query, the same limits as Run).
      checks.push(check('runs', false, failedRunMessage(answerSql, publicOutcome.error, changes)))
      return done()
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
  const comparison = await compareWithReference(question, datasets.public, runner, reference, actual, revealExpected)
  const sortedNote = reference.orderBy || reference.rowCount <= 1 ? '' : ' (row order does not matter here)'
  if (!comparison.equal) {
    if (comparison.check !== 'columns') checks.push(check('columns', true, `Your result has the expected ${plural(reference.columns.length, 'column')}.`))
    if (comparison.check === 'values') checks.push(check('rows', true, `Your result has the expected ${plural(reference.rowCount, 'row')}.`))
    checks.push(check(comparison.check, false, await withHint(input, comparison.message)))
    return done(sinceStart())
  }
  checks.push(check('columns', true, `Your result has the expected ${plural(reference.columns.length, 'column')}.`))
  checks.push(check('rows', true, `Your result has the expected ${plural(reference.rowCount, 'row')}.`))
  checks.push(check('values', true, `Every value matches the expected result${sortedNote}.`))

  if (killingRuns.length > 0) {
    const counterexample = await firstCounterexample(input, killingRuns)
    if (counterexample) {
      checks.push(check('counterexample', false, await withHint(input, counterexample)))
      return done(sinceStart())
    }
    checks.push(check('counterexample', true, `Your query is also right on ${plural(killingRuns.length, 'small made-up database')} built to catch near misses.`))
  }
  const publicPhaseMs = sinceStart()

  hiddenRun ??= startHiddenRun()
  if (!hiddenRun || !hidden) return done(publicPhaseMs)
  const { variant: hiddenVariant, reference: hiddenReference } = await hidden
  const hiddenOutcome = await hiddenRun
  if (!hiddenOutcome.ok) {
    const error = hiddenOutcome.error
    // Grading cancelled, or the sandbox itself down: not the learner's doing, and no attempt is used.
    if (error instanceof SqlRunAbortedError || error instanceof SandboxUnavailableError) throw error
    // Any other failure (a PostgreSQL error, a timeout, a refused statement) is a plain fail: its
    // message, SQLSTATE and timing could carry hidden values out.
    checks.push(check('hidden-data', false, HIDDEN_DATA_FAILED))
    return done(publicPhaseMs)
  }
  const hiddenComparison = await compareWithReference(question, hiddenVariant, runner, hiddenReference, hiddenOutcome.result, false)
  checks.push(hiddenComparison.equal ? check('hidden-data', true, HIDDEN_DATA_PASSED) : check('hidden-data', false, HIDDEN_DATA_FAILED))
  return done(publicPhaseMs)
}
