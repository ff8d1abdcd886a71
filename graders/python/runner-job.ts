// What goes into the sandbox for one python grade: our runner (runner.py in the image) reads
// job.json, calls the functions of the call list and runs the script steps. Only the call list, the
// script arguments, the data files and the answer go in; expected values stay out here.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { SANDBOX_PATHS } from '../../sandbox/docker/index.ts'
import { isCallCheck, type CallCheck, type PythonCheck, type PythonChecks } from './checks-spec.ts'

// -S: the runner needs only the standard library, and site-packages cost start-up time.
export const RUNNER_ARGV = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
export const RUNNER_DONE_MARKER = 'SYLLABUS-RUNNER-DONE'
/** The runner prints /sandbox/out as a base64 tar after this word, before the marker (runner.py). */
export const RUNNER_OUTPUT_FRAME = 'SYLLABUS-RUNNER-OUT'
/** The runner prints `SYLLABUS-RUNNER-STEP <n> <count>` on its own line before step n (1-based). */
export const RUNNER_STEP_LINE = /^SYLLABUS-RUNNER-STEP (\d{1,4}) (\d{1,4})$/

const DATA_DIR = `${SANDBOX_PATHS.input}/data`

function substitute(value: unknown, replacements: [string, string][]): unknown {
  if (typeof value === 'string') return replacements.reduce((text, [from, to]) => text.replaceAll(from, to), value)
  if (Array.isArray(value)) return value.map((item) => substitute(item, replacements))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, replacements)]))
  return value
}

/** Every string of the checks' arguments. */
function argumentStrings(spec: PythonChecks): string[] {
  const strings: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  for (const check of spec.checks) {
    if (isCallCheck(check)) walk([check.call.args, check.call.kwargs])
    else walk(check.script?.args ?? [])
  }
  return strings
}

/**
 * The data files some check names (`$DATA/<file>` or `/sandbox/input/data/<file>`), or all of them when an argument hands over the
 * folder itself (`$DATA` alone, `$DATA/`). A file no check reads never enters the sandbox, where the
 * learner's code could read it.
 */
export function neededDataFiles(spec: PythonChecks): string[] {
  // Checks name a file as $DATA/<file> or by its path inside the sandbox; both become the latter.
  const strings = argumentStrings(spec).map((text) => text.replaceAll('$DATA', DATA_DIR))
  const folderItself = new RegExp(`${DATA_DIR.replaceAll('/', '\\/')}(?!\\/[^/\\s'"]+)`)
  if (strings.some((text) => folderItself.test(text))) return spec.data
  return spec.data.filter((file) => strings.some((text) => text.includes(`${DATA_DIR}/${path.basename(file)}`)))
}

export interface RunnerJob {
  /** The files of /sandbox/in, in writing order (job.json last: a runner started ahead of time begins when it appears). */
  inputFiles: Record<string, string | Buffer>
  /** The call checks, in the order of their result indexes in results-0.jsonl. */
  callChecks: CallCheck[]
  /** The step number of each script check (its files are under /sandbox/out/step-<n>/). */
  scriptSteps: Map<PythonCheck, number>
  /** Per step, the 1-based numbers of the checks it runs (the call step runs every call check). */
  stepChecks: number[][]
}

/**
 * The runner's job for a learner's source: `$DATA` in arguments becomes the data folder, `$OUT` a
 * script step's output folder and `$DB` the scratch database's connection string (when there is one).
 */
export async function buildRunnerJob(spec: PythonChecks, testsDir: string, answerSource: string, databaseConnection: string | null): Promise<RunnerJob> {
  const dbReplacement: [string, string][] = databaseConnection ? [['$DB', databaseConnection]] : []
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
  const inputFiles: Record<string, string | Buffer> = {}
  for (const file of neededDataFiles(spec)) inputFiles[`data/${path.basename(file)}`] = await readFile(path.join(testsDir, file))
  inputFiles['answer.py'] = answerSource
  inputFiles['job.json'] = JSON.stringify({ steps })
  const numberOf = (check: PythonCheck) => spec.checks.indexOf(check) + 1
  const stepChecks = [
    ...(callChecks.length > 0 ? [callChecks.map(numberOf)] : []),
    ...[...scriptSteps.keys()].map((check) => [numberOf(check)]),
  ]
  return { inputFiles, callChecks, scriptSteps, stepChecks }
}
