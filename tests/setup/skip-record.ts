// Each test stage (vitest, playwright) records what it skipped and why in test-results/, so the last step
// of `npm test` (tests/setup/print-skip-summary.ts) can end the whole run with one line covering both.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export type SkipRecord = {
  stage: 'unit' | 'e2e'
  ran: number
  /** How many tests were skipped, by reason. */
  skipped: Record<string, number>
}

const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results')

function recordPath(stage: SkipRecord['stage']): string {
  return path.join(RESULTS_DIR, `skipped-${stage}.json`)
}

export function writeSkipRecord(record: SkipRecord): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(recordPath(record.stage), JSON.stringify(record))
}

/** Reads and removes a stage's record; null when that stage did not run (or ran before this summary). */
export function takeSkipRecord(stage: SkipRecord['stage']): SkipRecord | null {
  try {
    const record = JSON.parse(readFileSync(recordPath(stage), 'utf8')) as SkipRecord
    rmSync(recordPath(stage), { force: true })
    return record
  } catch {
    return null
  }
}

/** One line for the whole run, e.g. "npm test: 1,012 tests ran, 91 skipped — 89 need Docker …; 2 e2e: …". */
export function overallSkipLine(records: ReadonlyArray<SkipRecord>): string {
  const ran = records.reduce((sum, record) => sum + record.ran, 0)
  const reasons = new Map<string, number>()
  for (const record of records) {
    for (const [reason, count] of Object.entries(record.skipped)) {
      const key = record.stage === 'e2e' ? `e2e: ${reason}` : reason
      reasons.set(key, (reasons.get(key) ?? 0) + count)
    }
  }
  const skipped = [...reasons.values()].reduce((sum, count) => sum + count, 0)
  const stages = records.map((record) => record.stage).join(' + ')
  if (skipped === 0) return `npm test (${stages}): ${ran.toLocaleString('en')} tests ran, none skipped.`
  const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join('; ')
  return `npm test (${stages}): ${ran.toLocaleString('en')} tests ran, ${skipped} skipped — ${why}.`
}
