// The author's check of one SQL question (`syllabus questions check`): would a wrong answer pass?
// - Mutation score: every mutant of the reference (graders/sql/mutants) is graded like a learner's
//   answer; one that grades `correct` is a wrong query that would pass. Mutants that do not run are
//   not counted; mutants the author declared equivalent (with a reason) are not counted either.
// - The author's wrong answers must fail on their `-- expect:` check; accepted alternatives must pass.
// - Failures an author must fix: the reference does not grade correct, is nondeterministic (LIMIT
//   without ORDER BY, DISTINCT ON, ties at the LIMIT boundary on any variant — also when it sorts on an
//   aggregate), returns no rows / only zeros or NULLs, or gives the same result on every variant.
import { SandboxUnavailableError } from '../../../sandbox/postgres/errors.ts'
import type { GradeResult } from '../../grade-result.ts'
import { checkReferenceDeterminism } from '../check-reference-determinism.ts'
import { compareResultSets } from '../compare-result-sets.ts'
import { gradeSqlAnswer, type ReferenceCache, referenceResult, type ReferenceResult } from '../grade-sql-answer.ts'
import { generateMutants, type Mutant } from '../mutants/generate-mutants.ts'
import { valueClassOf } from '../postgres-text-values.ts'
import type { SqlGradingQuestion } from '../sql-question.ts'
import { type KillingData, referenceSha256 } from '../../../course/killing-data.ts'
import type { DatasetVariant, KillingVariant, SqlGradingDatasets, SqlRunner } from '../sql-runner.ts'
import { checkLimitTies } from './limit-ties.ts'

export interface AuthorWrongAnswer {
  file: string
  /** The check that must fail first. */
  expect: string
  text: string
}

export interface AuthorAlternative {
  file: string
  text: string
}

export interface DeclaredEquivalentMutant {
  id: string
  reason: string
}

export interface SqlQuestionCheckInput {
  question: SqlGradingQuestion
  runner: SqlRunner
  datasets: SqlGradingDatasets
  wrongAnswers?: AuthorWrongAnswer[]
  alternatives?: AuthorAlternative[]
  equivalentMutants?: DeclaredEquivalentMutant[]
  referenceCache?: ReferenceCache
  /** The question's killing data (hidden/killing/<question>.json), to tell when it is stale. */
  killingData?: KillingData | undefined
  /** Its databases in the grading cluster: mutants and answers are graded on them too, as learners' are. */
  killing?: KillingVariant[]
  /** Mutants graded at once (each grade runs on every variant). */
  concurrency?: number
}

export interface AnswerOutcome {
  file: string
  ok: boolean
  /** Why it is not ok, for the author. */
  message: string
}

export interface SqlQuestionCheckReport {
  id: string
  mutants: {
    total: number
    killed: Mutant[]
    surviving: Mutant[]
    /** Mutants that fail to run (a learner would see a PostgreSQL error): not counted. */
    notRunning: Mutant[]
    equivalent: (Mutant & { reason: string })[]
  }
  /** killed / (total − not running − declared equivalent); 1 when nothing is left to kill. */
  score: number
  wrongAnswers: AnswerOutcome[]
  alternatives: AnswerOutcome[]
  /** Problems that fail the check, each a sentence for the author. */
  failures: string[]
  passed: boolean
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return results
}

function firstFailed(result: GradeResult) {
  return result.checks.find((check) => !check.passed)
}

function variantsOf(datasets: SqlGradingDatasets): { label: string; variant: DatasetVariant }[] {
  const pool = datasets.hidden ?? []
  return [{ label: 'public', variant: datasets.public }, ...pool.map((variant, index) => ({ label: pool.length === 1 ? 'hidden' : `hidden ${index + 1}`, variant }))]
}

const ZERO = /^-?0*(\.0*)?$/

/** A result that cannot tell answers apart: no rows, or nothing but NULLs and numeric zeros in its numeric columns. */
function degenerateResult(result: ReferenceResult): string | null {
  if (result.rowCount === 0) return 'returns no rows'
  if (!result.rows) return null
  const numeric = result.columns.flatMap((column, index) => (['integer', 'numeric', 'float'].includes(valueClassOf(column.typeOid)) ? [index] : []))
  const cells = result.rows.flat()
  if (cells.every((cell) => cell === null)) return 'returns only NULLs'
  if (numeric.length > 0 && result.rows.every((row) => numeric.every((index) => row[index] === null || ZERO.test(row[index]!)))) {
    return 'returns only zeros and NULLs in its numeric columns'
  }
  return null
}

/** The reason the learner's generic sentence hides, for the author (already free of secrets). */
function infrastructureDetail(error: unknown): string {
  return error instanceof SandboxUnavailableError && error.detail ? ` (${error.detail})` : ''
}

async function referenceFailures(input: SqlQuestionCheckInput): Promise<string[]> {
  const { question, runner, datasets, referenceCache } = input
  const failures: string[] = []
  let infrastructure: unknown
  const graded = await gradeSqlAnswer({ question, answerSql: question.solutionSql, runner, datasets, referenceCache, onInfrastructureError: (error) => (infrastructure = error) })
  if (graded.verdict !== 'correct') {
    const failed = firstFailed(graded)
    return [`The reference does not grade correct (${graded.verdict}): ${failed?.name}: ${failed?.message}${infrastructureDetail(infrastructure)}`]
  }
  const determinism = await checkReferenceDeterminism(question, runner, datasets.public)
  failures.push(...determinism.problems.map((problem) => `The reference is not deterministic: ${problem}`))
  if (determinism.problems.length === 0 && question.statements.every((kind) => kind === 'select')) {
    for (const { label, variant } of variantsOf(datasets)) {
      const ties = await checkLimitTies(question.solutionSql, runner, variant.database)
      if (ties.kind === 'tie') {
        failures.push(
          `The reference is not deterministic: on the ${label} data, rows ${ties.limit} and ${ties.limit + 1} tie on every ORDER BY key, so LIMIT ${ties.limit} keeps one of them at random (and a correct answer that keeps the other fails). Add a tie-breaking sort key.`,
        )
      } else if (ties.kind === 'not-checkable') {
        failures.push(`Ties at the LIMIT boundary could not be checked (${ties.reason}): rewrite the ORDER BY so it can be.`)
      }
    }
  }
  const results = await Promise.all(variantsOf(datasets).map(async ({ label, variant }) => ({ label, result: await referenceResult(question, variant, runner, referenceCache) })))
  for (const { label, result } of results) {
    const problem = degenerateResult(result)
    if (problem) failures.push(`The reference ${problem} on the ${label} data: any query with that result passes (is a date range outside the data?).`)
  }
  const [first, ...others] = results
  if (first?.result.rows && others.length > 0 && others.every(({ result }) => result.rows)) {
    const same = others.every(({ result }) => {
      const outcome = compareResultSets(
        { columns: first.result.columns, rows: first.result.rows!, rowCount: first.result.rowCount, truncated: false, durationMs: 0 },
        { columns: result.columns, rows: result.rows!, rowCount: result.rowCount, truncated: false, durationMs: 0 },
        { orderBy: first.result.orderBy, floatTolerance: question.compare.float_tolerance, columnNames: false },
      )
      return outcome.equal
    })
    if (same) failures.push('The reference gives the same result on every variant of the data: a hard-coded answer would pass.')
  }
  return failures
}

export async function checkSqlQuestion(checkInput: SqlQuestionCheckInput): Promise<SqlQuestionCheckReport> {
  // Graded as a learner's answer is: public, killing databases, hidden.
  const input = { ...checkInput, datasets: { ...checkInput.datasets, killing: checkInput.killing ?? checkInput.datasets.killing ?? [] } }
  const { question, runner, datasets, referenceCache } = input
  const failures = await referenceFailures(input)
  if (input.killingData && input.killingData.reference_sha256 !== referenceSha256(question.solutionSql)) {
    failures.push('The killing databases were searched for another version of the reference: run `syllabus questions kill` again.')
  }
  const grade = async (answerSql: string) => {
    let failure: unknown
    const result = await gradeSqlAnswer({ question, answerSql, runner, datasets, referenceCache, onInfrastructureError: (error) => (failure = error) })
    if (result.verdict === 'error') {
      // The author needs the reason the learner's generic sentence hides (already free of secrets).
      throw new Error(`grading failed: ${result.checks[0]?.message}${infrastructureDetail(failure)}`)
    }
    return result
  }

  const mutants = await generateMutants(question.solutionSql)
  const declared = new Map((input.equivalentMutants ?? []).map((entry) => [entry.id, entry.reason]))
  const report: SqlQuestionCheckReport['mutants'] = { total: mutants.length, killed: [], surviving: [], notRunning: [], equivalent: [] }
  const verdicts = await inPool(mutants, input.concurrency ?? 4, async (mutant) => ({ mutant, result: await grade(mutant.sql) }))
  for (const { mutant, result } of verdicts) {
    const failed = firstFailed(result)
    const reason = declared.get(mutant.id)
    if (!failed) {
      if (reason !== undefined) report.equivalent.push({ ...mutant, reason })
      else report.surviving.push(mutant)
    } else if (result.verdict === 'invalid' || failed.name === 'runs') report.notRunning.push(mutant)
    else {
      report.killed.push(mutant)
      if (reason !== undefined) failures.push(`Mutant ${mutant.id} is declared equivalent but it is killed: remove the declaration.`)
    }
  }
  const known = new Set(mutants.map((mutant) => mutant.id))
  for (const id of declared.keys()) {
    if (!known.has(id)) failures.push(`Equivalent mutant ${id} is declared but the reference has no such mutant any more: remove the declaration.`)
  }
  const counted = report.killed.length + report.surviving.length
  const score = counted === 0 ? 1 : report.killed.length / counted

  const wrongAnswers = await inPool(input.wrongAnswers ?? [], 2, async (wrong): Promise<AnswerOutcome> => {
    const failed = firstFailed(await grade(wrong.text))
    if (!failed) return { file: wrong.file, ok: false, message: `expected to fail on \`${wrong.expect}\` but it grades correct` }
    if (failed.name !== wrong.expect) return { file: wrong.file, ok: false, message: `expected to fail on \`${wrong.expect}\` but failed on \`${failed.name}\`: ${failed.message}` }
    return { file: wrong.file, ok: true, message: `fails on \`${failed.name}\`` }
  })
  const alternatives = await inPool(input.alternatives ?? [], 2, async (alternative): Promise<AnswerOutcome> => {
    const failed = firstFailed(await grade(alternative.text))
    return failed
      ? { file: alternative.file, ok: false, message: `a correct alternative fails on \`${failed.name}\`: ${failed.message}` }
      : { file: alternative.file, ok: true, message: 'grades correct' }
  })

  const passed =
    failures.length === 0 && report.surviving.length === 0 && wrongAnswers.every((entry) => entry.ok) && alternatives.every((entry) => entry.ok)
  return { id: question.id, mutants: report, score, wrongAnswers, alternatives, failures, passed }
}
