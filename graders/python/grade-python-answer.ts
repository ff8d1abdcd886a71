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
import { isCallCheck, loadPythonChecks, type CallCheck, type PythonCheck, type ScriptCheck } from './checks-spec.ts'
import { compareCsv, sameJson } from './compare-values.ts'

export type PythonQuestion = Extract<LoadedQuestion, { kind: 'python' }>

export const MAX_ANSWER_BYTES = 256 * 1024
// -S: the runner needs only the standard library, and site-packages cost start-up time.
export const RUNNER_ARGV = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
export const RUNNER_DONE_MARKER = 'SYLLABUS-RUNNER-DONE'
export const SANDBOX_UNAVAILABLE = 'The code sandbox is unavailable on this server, so Python answers cannot be graded right now.'

const DATA_DIR = `${SANDBOX_PATHS.input}/data`

export interface GradePythonAnswerInput {
  question: PythonQuestion
  answerSource: unknown
  /** null when no Docker engine is reachable: the result is an `error` that costs no attempt. */
  sandbox: DockerSandbox | null
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

function scriptCheckResult(
  check: ScriptCheck,
  step: number,
  expected: Map<string, string>,
  run: SandboxRunResult,
  missingReason: string,
): { passed: boolean; message: string } {
  for (const [file, expectation] of Object.entries(check.expect_files)) {
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
  return { passed: true, message: check.description }
}

export async function gradePythonAnswer({ question, answerSource, sandbox, signal }: GradePythonAnswerInput): Promise<GradeResult> {
  const started = performance.now()
  if (typeof answerSource !== 'string' || answerSource.trim() === '') return invalid('The answer is empty: paste your Python code.', started)
  if (Buffer.byteLength(answerSource) > MAX_ANSWER_BYTES)
    return invalid(`The answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB.`, started)
  if (answerSource.includes('\u0000')) return invalid('The answer contains a NUL byte.', started)
  if (!sandbox) return infrastructureFailure('python', performance.now() - started, SANDBOX_UNAVAILABLE)

  const { testsDir } = question.hidden
  const spec = await loadPythonChecks(testsDir)
  const callChecks = spec.checks.filter(isCallCheck)
  const steps: unknown[] = []
  if (callChecks.length > 0)
    steps.push({ kind: 'calls', calls: callChecks.map((check, index) => ({ index, function: check.call.function, args: check.call.args, kwargs: check.call.kwargs })) })
  const scriptSteps = new Map<PythonCheck, number>()
  for (const check of spec.checks) {
    if (isCallCheck(check)) continue
    scriptSteps.set(check, steps.length)
    const out = `${SANDBOX_PATHS.out}/step-${steps.length}`
    steps.push({ kind: 'script', args: check.script.args.map((arg) => arg.replaceAll('$DATA', DATA_DIR).replaceAll('$OUT', out)) })
  }
  // Written in this order, job.json last: a runner started ahead of time begins when it appears.
  const inputFiles: Record<string, string | Buffer> = {}
  for (const file of spec.data) inputFiles[`data/${path.basename(file)}`] = await readFile(path.join(testsDir, file))
  inputFiles['answer.py'] = answerSource
  inputFiles['job.json'] = JSON.stringify({ steps })
  const expectedFiles = new Map<string, string>()
  for (const check of spec.checks)
    if (!isCallCheck(check))
      for (const { csv } of Object.values(check.expect_files)) expectedFiles.set(csv, await readFile(path.join(testsDir, csv), 'utf8'))

  const { limits } = question.spec
  let run: SandboxRunResult
  try {
    run = await sandbox.run({
      image: resolveImage(question.spec.image),
      argv: RUNNER_ARGV,
      inputFiles,
      completionMarker: RUNNER_DONE_MARKER,
      limits: { timeoutMs: limits.timeout_seconds * 1000, memoryBytes: limits.memory_mb * 1024 * 1024 },
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

  const checks: GradeCheck[] = spec.checks.map((check) => {
    let outcome: { passed: boolean; message: string }
    if (isCallCheck(check)) {
      if (records === 'unreadable') outcome = { passed: false, message: `${check.description} — the results of your code could not be read.` }
      else if (importFailure)
        outcome = { passed: false, message: `${check.description} — importing your code raised ${importFailure.type ?? 'an exception'}${at(importFailure.line)}.` }
      else {
        // Exactly one result per check, or the check does not pass (records beyond N are ignored only if none is duplicated).
        const expectedCount = callChecks.length
        const extra = [...records.keys()].some((index) => index < -1 || index >= expectedCount)
        outcome = extra
          ? { passed: false, message: `${check.description} — the results of your code could not be read.` }
          : callCheckResult(check, records.get(callChecks.indexOf(check)), missingReason)
      }
    } else outcome = scriptCheckResult(check, scriptSteps.get(check)!, expectedFiles, run, missingReason)
    return { name: check.name, passed: outcome.passed, points: outcome.passed ? check.points : 0, maxPoints: check.points, message: cleanMessage(outcome.message) }
  })
  return { ...verdictFromChecks(checks), checks, durationMs: Math.round(performance.now() - started), engine: 'python' }
}

/** A question names a recipe (`python-data`); the sandbox runs the content-hashed tag of that recipe. */
export function resolveImage(name: string): string {
  return name.includes(':') || name.includes('/') ? name : imageTags(name).image
}
