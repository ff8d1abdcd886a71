// The python engine: runs the learner's code in the Docker sandbox and grades what came out, here.
// Inside, our runner calls the functions of the call list and runs the script steps; out here, each
// return value (plain JSON) and each file is compared with the hidden expectation. Exactly one
// result per call check, or none of them passes. Feedback names the check's public description and
// what went wrong, never a hidden argument or an expected value.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { LoadedQuestion } from '../../course/loaded-course.ts'
import {
  DockerUnavailableError,
  SANDBOX_PATHS,
  SandboxImageMissingError,
  imageTags,
  type DockerSandbox,
  type SandboxRunResult,
} from '../../sandbox/docker/index.ts'
import { cleanMessage, infrastructureFailure, verdictFromChecks, type GradeCheck, type GradeResult } from '../grade-result.ts'
import pg from 'pg'
import { quoteIdentifier } from '../../sandbox/postgres/identifiers.ts'
import { SandboxUnavailableError, withScratchDatabase, type ScratchDatabase } from '../../sandbox/postgres/index.ts'
import { isCallCheck, loadPythonChecks, type CallCheck, type PythonCheck, type PythonChecks, type ScriptCheck } from './checks-spec.ts'
import { compareCsv, sameJson } from './compare-values.ts'

export type PythonQuestion = Extract<LoadedQuestion, { kind: 'python' }>

export const MAX_ANSWER_BYTES = 256 * 1024
// -S: the runner needs only the standard library, and site-packages cost start-up time.
export const RUNNER_ARGV = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
export const RUNNER_DONE_MARKER = 'SYLLABUS-RUNNER-DONE'
/** The runner prints /sandbox/out as a base64 tar after this word, before the marker (runner.py). */
export const RUNNER_OUTPUT_FRAME = 'SYLLABUS-RUNNER-OUT'
export const SANDBOX_UNAVAILABLE = 'The code sandbox is unavailable on this server, so Python answers cannot be graded right now.'
export const DATABASE_UNAVAILABLE = 'The database for this question is unavailable on this server, so it cannot be graded right now.'

const DATA_DIR = `${SANDBOX_PATHS.input}/data`

/** Where questions that need a database get one (docs/sandbox-docker.md, "Ingestion tasks"). */
export interface GradingDatabase {
  /** Superuser URL of the grading cluster, to make and drop each run's scratch database. */
  adminUrl: string
  /** The cluster's dedicated Unix-socket folder (unix_socket_directories): only its socket and lock file. */
  socketDir: string
  /** The database each run's scratch copy is cloned from. */
  template: string
}

export interface GradePythonAnswerInput {
  question: PythonQuestion
  answerSource: unknown
  /** null when no Docker engine is reachable: the result is an `error` that costs no attempt. */
  sandbox: DockerSandbox | null
  /** Needed by questions whose checks.yaml has `database:`; without it they answer `error`. */
  database?: GradingDatabase | null
  signal?: AbortSignal
}

/** One line of results-0.jsonl as the harness writes it (and as a learner could forge it). */
interface CallRecord {
  index: number
  ok: boolean
  value?: unknown
  error?: string
  type?: string | null
  line?: number | null
}

function parseCallRecords(text: string | undefined): Map<number, CallRecord> | 'unreadable' {
  const records = new Map<number, CallRecord>()
  if (text === undefined) return records
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let record: CallRecord
    try {
      record = JSON.parse(line) as CallRecord
    } catch {
      return 'unreadable'
    }
    if (typeof record !== 'object' || record === null || !Number.isInteger(record.index) || typeof record.ok !== 'boolean')
      return 'unreadable'
    // Two results for one check: someone wrote into the results, so none of them counts.
    if (records.has(record.index)) return 'unreadable'
    records.set(record.index, record)
  }
  return records
}

function invalid(message: string, started: number): GradeResult {
  return {
    verdict: 'invalid',
    score: 0,
    checks: [{ name: 'answer', passed: false, points: 0, maxPoints: 0, message: cleanMessage(message) }],
    durationMs: Math.round(performance.now() - started),
    engine: 'python',
  }
}

function at(line: number | null | undefined) {
  return typeof line === 'number' ? ` (line ${line} of your code)` : ''
}

function describeRunEnd(run: SandboxRunResult, timeoutSeconds: number, memoryMb: number): string {
  if (run.oomKilled) return `your code ran out of memory (the limit is ${memoryMb} MB)`
  if (run.ending === 'timed-out') return `your code did not finish within ${timeoutSeconds} s`
  if (run.outputRejected) return `the files your code left could not be read: ${run.outputRejected}`
  if (run.ending === 'exited') return 'your code stopped the grader before it finished'
  return 'no result came back'
}

function callCheckResult(check: CallCheck, record: CallRecord | undefined, missingReason: string): Omit<GradeCheck, 'name' | 'maxPoints' | 'points'> & { passed: boolean } {
  if (!record) return { passed: false, message: `${check.description} — ${missingReason}.` }
  if (!record.ok) {
    const reasons: Record<string, string> = {
      missing: `there is no function \`${check.call.function}\` in your code`,
      raised: `your function raised ${record.type ?? 'an exception'}${at(record.line)}`,
      'not-json': `your function returned a ${record.type ?? 'value'}, which is not a plain value (list, dict, str, int, float, bool or None)`,
    }
    return { passed: false, message: `${check.description} — ${reasons[record.error ?? ''] ?? 'it failed'}.` }
  }
  const passed = sameJson(record.value, check.expect, check)
  return { passed, message: passed ? check.description : `${check.description} — your function returned a different value.` }
}

/** Rows a check's query returned, or why it could not run. */
type QueryOutcome = { rows: unknown[][] } | { failed: true }

function scriptCheckResult(
  check: ScriptCheck,
  step: number,
  expected: Map<string, string>,
  run: SandboxRunResult,
  missingReason: string,
  query: QueryOutcome | undefined,
): { passed: boolean; message: string } {
  for (const [file, expectation] of Object.entries(check.expect_files ?? {})) {
    const produced = run.outputFiles.get(`step-${step}/${file}`)
    if (!produced) {
      const why = run.ending === 'completed' ? `your script did not write ${file}` : missingReason
      return { passed: false, message: `${check.description} — ${why}.` }
    }
    const difference = compareCsv(produced.toString('utf8'), expected.get(expectation.csv) ?? '', expectation)
    if (difference) {
      const what = { header: 'its header (column names and order) differs', 'row-count': 'it has a different number of rows', values: 'some values differ' }[difference]
      return { passed: false, message: `${check.description} — ${file}: ${what}.` }
    }
  }
  if (check.expect_query) {
    if (!query || 'failed' in query) {
      const why = run.ending === 'completed' ? 'the database does not hold what this check reads (a table or column is missing, or has another type)' : missingReason
      return { passed: false, message: `${check.description} — ${why}.` }
    }
    if (query.rows.length !== check.expect_query.rows.length)
      return { passed: false, message: `${check.description} — the database holds a different number of rows than expected.` }
    if (!sameJson(query.rows, check.expect_query.rows, check.expect_query))
      return { passed: false, message: `${check.description} — some values in the database differ.` }
  }
  return { passed: true, message: check.description }
}

/** A libpq connection string for inside the sandbox: the scratch database through the mounted socket. */
export function socketConnectionString(scratchUrl: string): string {
  const url = new URL(scratchUrl)
  const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  return [
    `host=${SANDBOX_PATHS.database}`,
    `port=${url.port || '5432'}`,
    `dbname=${quote(decodeURIComponent(url.pathname.slice(1)))}`,
    `user=${quote(decodeURIComponent(url.username))}`,
    `password=${quote(decodeURIComponent(url.password))}`,
  ].join(' ')
}

function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return value.toString('hex')
  return value
}

/**
 * Runs the checks' queries on the scratch database after the container has ended: first every other
 * session on it is ended (a frozen learner's connection could hold locks), then each query runs as
 * the one-off role — never as a superuser, since the learner may have created functions — in a
 * read-only transaction with our own search_path, so nothing the learner defined can stand in for
 * a catalog function.
 */
async function runExpectedQueries(adminUrl: string, scratch: ScratchDatabase, schema: string, checks: ScriptCheck[]) {
  const outcomes = new Map<ScriptCheck, QueryOutcome>()
  if (checks.length === 0) return outcomes
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'syllabus-python-checks' })
  admin.on('error', () => {})
  await admin.connect()
  try {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [scratch.database])
  } finally {
    await admin.end().catch(() => {})
  }
  const client = new pg.Client({ connectionString: scratch.url, application_name: 'syllabus-python-checks', statement_timeout: 20_000 })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(`SET search_path = pg_catalog, ${quoteIdentifier(schema)}`)
    for (const check of checks) {
      try {
        await client.query('BEGIN READ ONLY')
        const result = await client.query({ text: check.expect_query!.sql, rowMode: 'array' })
        outcomes.set(check, { rows: (result.rows as unknown[][]).map((row) => row.map(plainValue)) })
      } catch {
        outcomes.set(check, { failed: true })
      } finally {
        await client.query('ROLLBACK').catch(() => {})
      }
    }
  } finally {
    await client.end().catch(() => {})
  }
  return outcomes
}

function substitute(value: unknown, replacements: [string, string][]): unknown {
  if (typeof value === 'string') return replacements.reduce((text, [from, to]) => text.replaceAll(from, to), value)
  if (Array.isArray(value)) return value.map((item) => substitute(item, replacements))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, replacements)]))
  return value
}

export async function gradePythonAnswer(input: GradePythonAnswerInput): Promise<GradeResult> {
  const { question, answerSource, sandbox, database } = input
  const started = performance.now()
  if (typeof answerSource !== 'string' || answerSource.trim() === '') return invalid('The answer is empty: paste your Python code.', started)
  if (Buffer.byteLength(answerSource) > MAX_ANSWER_BYTES)
    return invalid(`The answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB.`, started)
  if (answerSource.includes('\u0000')) return invalid('The answer contains a NUL byte.', started)
  if (!sandbox) return infrastructureFailure('python', performance.now() - started, SANDBOX_UNAVAILABLE)

  const spec = await loadPythonChecks(question.hidden.testsDir)
  if (!spec.database) return gradeInSandbox(input, sandbox, spec, started, null)
  if (!database) return infrastructureFailure('python', performance.now() - started, DATABASE_UNAVAILABLE)
  const { schema } = spec.database
  try {
    return await withScratchDatabase(database.adminUrl, { template: database.template, schema }, (scratch) =>
      gradeInSandbox(input, sandbox, spec, started, {
        connectionString: socketConnectionString(scratch.url),
        socketDir: database.socketDir,
        queries: (checks) => runExpectedQueries(database.adminUrl, scratch, schema, checks),
      }),
    )
  } catch (error) {
    if (error instanceof SandboxUnavailableError)
      return infrastructureFailure('python', performance.now() - started, `${DATABASE_UNAVAILABLE} (${error.message})`)
    throw error
  }
}

interface RunDatabase {
  connectionString: string
  socketDir: string
  queries: (checks: ScriptCheck[]) => Promise<Map<ScriptCheck, QueryOutcome>>
}

async function gradeInSandbox(
  { question, answerSource, signal }: GradePythonAnswerInput,
  sandbox: DockerSandbox,
  spec: PythonChecks,
  started: number,
  database: RunDatabase | null,
): Promise<GradeResult> {
  const { testsDir } = question.hidden
  const dbReplacement: [string, string][] = database ? [['$DB', database.connectionString]] : []
  const callChecks = spec.checks.filter(isCallCheck)
  const steps: unknown[] = []
  if (callChecks.length > 0)
    steps.push({
      kind: 'calls',
      calls: callChecks.map((check, index) => ({
        index,
        function: check.call.function,
        args: substitute(check.call.args, [['$DATA', DATA_DIR], ...dbReplacement]),
        kwargs: substitute(check.call.kwargs, [['$DATA', DATA_DIR], ...dbReplacement]),
      })),
    })
  const scriptSteps = new Map<PythonCheck, number>()
  for (const check of spec.checks) {
    // A check without script only reads the database afterwards.
    if (isCallCheck(check) || !check.script) continue
    scriptSteps.set(check, steps.length)
    const out = `${SANDBOX_PATHS.out}/step-${steps.length}`
    steps.push({ kind: 'script', args: check.script.args.map((arg) => substitute(arg, [['$DATA', DATA_DIR], ['$OUT', out], ...dbReplacement])) })
  }
  // Written in this order, job.json last: a runner started ahead of time begins when it appears.
  const inputFiles: Record<string, string | Buffer> = {}
  for (const file of spec.data) inputFiles[`data/${path.basename(file)}`] = await readFile(path.join(testsDir, file))
  inputFiles['answer.py'] = answerSource as string
  inputFiles['job.json'] = JSON.stringify({ steps })
  const expectedFiles = new Map<string, string>()
  for (const check of spec.checks)
    if (!isCallCheck(check))
      for (const { csv } of Object.values(check.expect_files ?? {})) expectedFiles.set(csv, await readFile(path.join(testsDir, csv), 'utf8'))

  const { limits } = question.spec
  let run: SandboxRunResult
  try {
    run = await sandbox.run({
      image: resolveImage(question.spec.image),
      argv: RUNNER_ARGV,
      inputFiles,
      completionMarker: RUNNER_DONE_MARKER,
      outputFrame: RUNNER_OUTPUT_FRAME,
      limits: { timeoutMs: limits.timeout_seconds * 1000, memoryBytes: limits.memory_mb * 1024 * 1024 },
      socketDir: database?.socketDir,
      signal,
    })
  } catch (error) {
    if (error instanceof DockerUnavailableError || error instanceof SandboxImageMissingError)
      return infrastructureFailure('python', performance.now() - started, `${SANDBOX_UNAVAILABLE} (${error.message})`)
    throw error
  }
  const missingReason = describeRunEnd(run, limits.timeout_seconds, limits.memory_mb)
  const records = parseCallRecords(run.outputFiles.get('results-0.jsonl')?.toString('utf8'))
  const importFailure = records instanceof Map ? records.get(-1) : undefined
  if (importFailure && /^(SyntaxError|IndentationError|TabError)$/.test(importFailure.type ?? ''))
    return invalid(`Your code does not parse: ${importFailure.type}${at(importFailure.line)}. Nothing was graded and no attempt was used.`, started)
  const queryChecks = spec.checks.filter((check): check is ScriptCheck => !isCallCheck(check) && check.expect_query !== undefined)
  const queries = database ? await database.queries(queryChecks) : new Map<ScriptCheck, QueryOutcome>()

  const checks: GradeCheck[] = spec.checks.map((check) => {
    let outcome: { passed: boolean; message: string }
    if (isCallCheck(check)) {
      if (records === 'unreadable') outcome = { passed: false, message: `${check.description} — the results of your code could not be read.` }
      else if (importFailure)
        outcome = { passed: false, message: `${check.description} — importing your code raised ${importFailure.type ?? 'an exception'}${at(importFailure.line)}.` }
      else {
        // Exactly one result per check: an index that is no check means someone wrote into the results.
        const extra = [...records.keys()].some((index) => index < -1 || index >= callChecks.length)
        outcome = extra
          ? { passed: false, message: `${check.description} — the results of your code could not be read.` }
          : callCheckResult(check, records.get(callChecks.indexOf(check)), missingReason)
      }
    } else outcome = scriptCheckResult(check, scriptSteps.get(check) ?? -1, expectedFiles, run, missingReason, queries.get(check))
    return { name: check.name, passed: outcome.passed, points: outcome.passed ? check.points : 0, maxPoints: check.points, message: cleanMessage(outcome.message) }
  })
  return { ...verdictFromChecks(checks), checks, durationMs: Math.round(performance.now() - started), engine: 'python' }
}

/** A question names a recipe (`python-data`); the sandbox runs the content-hashed tag of that recipe. */
export function resolveImage(name: string): string {
  return name.includes(':') || name.includes('/') ? name : imageTags(name).image
}
