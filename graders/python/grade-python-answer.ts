// The python engine's orchestration: checks the answer, clones a scratch database when the question
// needs one, runs the learner's code in the Docker sandbox with our runner (runner-job.ts), reads
// what came back (runner-output.ts), judges the checks out here (check-outcomes.ts) and validates
// its own result against the GradeResult contract. A cancelled grade (the AbortSignal) stops the
// container and answers `error`, never a verdict.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { LoadedQuestion } from '../../course/loaded-course.ts'
import { currentImageTags, DockerUnavailableError, SandboxImageMissingError, type DockerSandbox, type SandboxRunResult } from '../../sandbox/docker/index.ts'
import { guardScratchDatabase, SandboxUnavailableError, withScratchDatabase, type ScratchGuard } from '../../sandbox/postgres/index.ts'
import { cleanMessage, infrastructureFailure, makeGradeResult, verdictFromChecks, type GradeResult, type GradingProgress } from '../grade-result.ts'
import { isCallCheck, loadPythonChecks, type PythonChecks, type ScriptCheck } from './checks-spec.ts'
import { judgeChecks } from './check-outcomes.ts'
import { buildRunnerJob, RUNNER_ARGV, RUNNER_DONE_MARKER, RUNNER_OUTPUT_FRAME, RUNNER_STEP_LINE } from './runner-job.ts'
import { atLine, describeRunEnd, parseCallRecords } from './runner-output.ts'
import { compileOnHost, HostCompilerUnavailableError } from './host-compile.ts'
import { clampLine, lineCount } from './safe-feedback.ts'
import { runCheckQueries, socketConnectionString, type GradingDatabase, type QueryOutcome } from './scratch-database-queries.ts'

export type PythonQuestion = Extract<LoadedQuestion, { kind: 'python' }>

export const MAX_ANSWER_BYTES = 256 * 1024
export const SANDBOX_UNAVAILABLE = 'The code sandbox is unavailable on this server, so Python answers cannot be graded right now.'
export const DATABASE_UNAVAILABLE = 'The database for this question is unavailable on this server, so it cannot be graded right now.'
export const COMPILER_UNAVAILABLE = 'The Python compiler of this server is unavailable, so Python answers cannot be graded right now.'
export const GRADING_CANCELLED = 'Grading was cancelled before your code finished; it will be graded again.'

export interface GradePythonAnswerInput {
  question: PythonQuestion
  answerSource: unknown
  /** null when no Docker engine is reachable: the result is an `error` that costs no attempt. */
  sandbox: DockerSandbox | null
  /**
   * Needed by questions whose checks.yaml has `database:`; without it they answer `error`. A function
   * is called only for such a question, so the others never wait for a database to be prepared.
   */
  database?: GradingDatabase | null | (() => Promise<GradingDatabase | null>)
  /** Stops the container (and answers `error`) when grading is cancelled. */
  signal?: AbortSignal
  /** Starting the sandbox, running check n of m (as the runner reaches each step), checking the results. */
  onProgress?: (progress: GradingProgress) => void
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

/** The run's scratch database, as the sandbox and the checks reach it. */
interface RunDatabase {
  connectionString: string
  socketDir: string
  queries: (checks: ScriptCheck[]) => Promise<Map<ScriptCheck, QueryOutcome>>
  /** Watches the database's size and CPU time; aborts `limitReached` when the run crosses a bound. */
  guard: ScratchGuard
  limitReached: AbortSignal
}

const LIMIT_REACHED = {
  disk: 'your code wrote more into the database than this question allows, so the run was stopped',
  cpu: 'your code used more database CPU time than this question allows, so the run was stopped',
}

export async function gradePythonAnswer(input: GradePythonAnswerInput): Promise<GradeResult> {
  const started = performance.now()
  const result = await grade(input, started)
  // Our own output is checked too: a malformed result becomes an `error`, never a verdict.
  return makeGradeResult('python', result, performance.now() - started)
}

async function grade(input: GradePythonAnswerInput, started: number): Promise<GradeResult> {
  const { question, answerSource, sandbox, signal } = input
  if (typeof answerSource !== 'string' || answerSource.trim() === '') return invalid('The answer is empty: paste your Python code.', started)
  if (Buffer.byteLength(answerSource) > MAX_ANSWER_BYTES)
    return invalid(`The answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB.`, started)
  if (answerSource.includes('\u0000')) return invalid('The answer contains a NUL byte.', started)
  if (!sandbox) return infrastructureFailure('python', performance.now() - started, SANDBOX_UNAVAILABLE)
  if (signal?.aborted) return infrastructureFailure('python', performance.now() - started, GRADING_CANCELLED)
  // Whether the answer parses is decided here, before any of it runs: a record in the results file
  // saying "SyntaxError" is the learner's to write, so it never decides an `invalid` verdict.
  let compiled
  try {
    compiled = await compileOnHost(answerSource)
  } catch (error) {
    if (error instanceof HostCompilerUnavailableError) return infrastructureFailure('python', performance.now() - started, `${COMPILER_UNAVAILABLE} (${error.message})`)
    throw error
  }
  if (!compiled.parses) {
    if (compiled.type === 'TooComplex') return invalid('Your code is too deeply nested or too large for Python to compile. Nothing was graded and no attempt was used.', started)
    return invalid(`Your code does not parse: ${compiled.type}${atLine(clampLine(compiled.line, lineCount(answerSource)))}. Nothing was graded and no attempt was used.`, started)
  }

  const spec = await loadPythonChecks(question.hidden.testsDir)
  if (!spec.database) return gradeInSandbox(input, answerSource, sandbox, spec, started, null)
  const database = typeof input.database === 'function' ? await input.database() : input.database
  if (!database) return infrastructureFailure('python', performance.now() - started, DATABASE_UNAVAILABLE)
  const { schema } = spec.database
  try {
    // Two sessions at most: each may use a core of the cluster, which grades for everyone.
    return await withScratchDatabase(database.adminUrl, { template: database.template, schema, connectionLimit: 2 }, async (scratch) => {
      const limitReached = new AbortController()
      const guard = guardScratchDatabase(
        database.adminUrl,
        scratch,
        { maxCpuMs: question.spec.limits.timeout_seconds * 1000, ...database.limits },
        () => limitReached.abort(),
      )
      try {
        return await gradeInSandbox(input, answerSource, sandbox, spec, started, {
          connectionString: socketConnectionString(scratch.url),
          socketDir: database.socketDir,
          queries: (checks) => runCheckQueries(database.adminUrl, scratch, schema, checks),
          guard,
          limitReached: limitReached.signal,
        })
      } finally {
        await guard.stop()
      }
    })
  } catch (error) {
    if (error instanceof SandboxUnavailableError)
      return infrastructureFailure('python', performance.now() - started, `${DATABASE_UNAVAILABLE} (${error.message})`)
    throw error
  }
}

async function gradeInSandbox(
  { question, signal, onProgress }: GradePythonAnswerInput,
  answerSource: string,
  sandbox: DockerSandbox,
  spec: PythonChecks,
  started: number,
  database: RunDatabase | null,
): Promise<GradeResult> {
  const { testsDir } = question.hidden
  const job = await buildRunnerJob(spec, testsDir, answerSource, database?.connectionString ?? null)
  const expectedFiles = new Map<string, string>()
  for (const check of spec.checks)
    if (!isCallCheck(check))
      for (const { csv } of Object.values(check.expect_files ?? {})) expectedFiles.set(csv, await readFile(path.join(testsDir, csv), 'utf8'))

  const { limits } = question.spec
  onProgress?.({ stage: 'starting' })
  const onStdoutLine = (line: string) => {
    const step = RUNNER_STEP_LINE.exec(line)
    const checks = step ? job.stepChecks[Number(step[1]) - 1] : undefined
    if (checks?.length) onProgress?.({ stage: 'running', first: Math.min(...checks), last: Math.max(...checks), of: spec.checks.length })
  }
  let run: SandboxRunResult
  try {
    run = await sandbox.run({
      ...runnerContainer(question, database?.socketDir),
      inputFiles: job.inputFiles,
      completionMarker: RUNNER_DONE_MARKER,
      outputFrame: RUNNER_OUTPUT_FRAME,
      ...(onProgress ? { onStdoutLine } : {}),
      signal: database ? AbortSignal.any([database.limitReached, ...(signal ? [signal] : [])]) : signal,
    })
  } catch (error) {
    if (error instanceof DockerUnavailableError || error instanceof SandboxImageMissingError)
      return infrastructureFailure('python', performance.now() - started, `${SANDBOX_UNAVAILABLE} (${error.message})`)
    throw error
  }
  await database?.guard.stop()
  onProgress?.({ stage: 'checking' })
  if (signal?.aborted) return infrastructureFailure('python', performance.now() - started, GRADING_CANCELLED)
  // The guard stopped the run: the answer's own doing, a verdict (every check fails), never a retry.
  const limit = database?.guard.tripped
  if (limit) {
    const checks = spec.checks.map((check) => ({ name: check.name, passed: false, points: 0, maxPoints: check.points, message: cleanMessage(`${check.description} — ${LIMIT_REACHED[limit]}.`) }))
    return { ...verdictFromChecks(checks), checks, durationMs: Math.round(performance.now() - started), engine: 'python' }
  }
  // The container was stopped half-way: what it left says nothing about the answer.
  if (run.ending === 'aborted') return infrastructureFailure('python', performance.now() - started, GRADING_CANCELLED)
  const missingReason = describeRunEnd(run, limits.timeout_seconds, limits.memory_mb)
  const records = parseCallRecords(run.outputFiles.get('results-0.jsonl')?.toString('utf8'))
  const queryChecks = spec.checks.filter((check): check is ScriptCheck => !isCallCheck(check) && check.expect_query !== undefined)
  const queries = database ? await database.queries(queryChecks) : new Map<ScriptCheck, QueryOutcome>()

  const checks = judgeChecks(spec, {
    run,
    missingReason,
    records,
    callChecks: job.callChecks,
    scriptSteps: job.scriptSteps,
    expectedFiles,
    queries,
    answerLines: lineCount(answerSource),
  })
  return { ...verdictFromChecks(checks), checks, durationMs: Math.round(performance.now() - started), engine: 'python' }
}

/**
 * The container a question's runs use: image, command, limits and socket folder. The warm pool keys
 * its containers on exactly these, so warming a question (warm-python-sandbox.ts) and grading it
 * must agree; both call this.
 */
export function runnerContainer(question: Pick<PythonQuestion, 'spec'>, socketDir: string | undefined) {
  const { limits } = question.spec
  return {
    image: resolveImage(question.spec.image),
    argv: [...RUNNER_ARGV, ...preloadedModules(question.spec.starter)],
    limits: { timeoutMs: limits.timeout_seconds * 1000, memoryBytes: limits.memory_mb * 1024 * 1024 },
    socketDir,
  }
}

/**
 * The libraries a warm container imports while it waits for its job (runner.py starts the first call
 * step's process ahead of time): the top-level packages the question's starter code imports, such as
 * pandas, whose import took 0.7-1.4 s of every run. They are part of the container's command, so
 * questions preloading different libraries get different pools.
 */
export function preloadedModules(starter: string | undefined): string[] {
  const modules = new Set<string>()
  for (const match of (starter ?? '').matchAll(/^(?:import|from)[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)) if (match[1] !== '__future__') modules.add(match[1]!)
  return [...modules].sort().slice(0, 8)
}

/** A question names a recipe (`python-data`); the sandbox runs the content-hashed tag of that recipe (computed at most every 10 s). */
export function resolveImage(name: string): string {
  return name.includes(':') || name.includes('/') ? name : currentImageTags(name).image
}
