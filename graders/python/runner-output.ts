// Reading what came back from the sandbox: the runner's results-0.jsonl (one line per call check,
// written by our harness inside the container, so a learner could forge it) and how the run ended.
import type { SandboxRunResult } from '../../sandbox/docker/index.ts'

/** One line of results-0.jsonl as the harness writes it (and as a learner could forge it). Index -1: importing the answer failed. */
export interface CallRecord {
  index: number
  ok: boolean
  value?: unknown
  error?: string
  type?: string | null
  line?: number | null
}

/** The records by index, or 'unreadable' when a line is not a record or an index comes twice. */
export function parseCallRecords(text: string | undefined): Map<number, CallRecord> | 'unreadable' {
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

/**
 * The exit codes of the steps, from runner-status.json (written by the runner after each step; a
 * learner could forge it, which would change only the wording of their own failure).
 */
export function stepExitCodes(run: Pick<SandboxRunResult, 'outputFiles'>): number[] {
  try {
    const statuses = JSON.parse(run.outputFiles.get('runner-status.json')?.toString('utf8') ?? '[]') as unknown
    if (!Array.isArray(statuses)) return []
    return statuses.map((status) => (status as { exitCode?: unknown }).exitCode).filter((code): code is number => Number.isInteger(code))
  } catch {
    return []
  }
}

/** A step's process killed by SIGKILL (-9 from Python's subprocess): inside a memory-limited container, the OOM killer. */
const KILLED = -9

/** Why a check found nothing to compare, for the learner: how the run ended. */
export function describeRunEnd(run: SandboxRunResult, timeoutSeconds: number, memoryMb: number): string {
  // The kernel kills the learner's step, not the runner, so the container itself is seldom "OOMKilled".
  const exitCodes = stepExitCodes(run)
  if (run.oomKilled || exitCodes.includes(KILLED)) return `your code ran out of memory (the limit is ${memoryMb} MB)`
  if (run.ending === 'timed-out') return `your code did not finish within ${timeoutSeconds} s`
  if (run.outputRejected) return `the files your code left could not be read: ${run.outputRejected}`
  if (run.ending === 'exited') return 'your code stopped the grader before it finished'
  const failed = exitCodes.find((code) => code !== 0)
  if (failed !== undefined) return failed < 0 ? `your code was stopped by signal ${-failed}` : `your code exited with status ${failed} before it gave a result`
  return 'no result came back'
}

/** " (line 3 of your code)" when the runner knows the line. */
export function atLine(line: number | null | undefined): string {
  return typeof line === 'number' ? ` (line ${line} of your code)` : ''
}
