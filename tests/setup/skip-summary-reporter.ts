// Ends `vitest run` with one line naming how many tests were skipped and why. Suites that need Docker
// skip without an engine (sandbox/docker/testing/docker-for-tests.ts) and carry the `needs-docker` tag,
// so a green run on a machine without Docker says plainly how much of the suite did not run.
import type { Reporter, TestModule } from 'vitest/node'
import { NEEDS_DOCKER } from '../../sandbox/docker/testing/needs-docker-tag.ts'
import { writeSkipRecord } from './skip-record.ts'

/** Tag of the suites that read PDFs with poppler-utils (the certificate test); they skip without it. */
export const NEEDS_POPPLER = 'needs-poppler'

/** How many skipped tests, by reason (a reason with no test is left out). */
export function skipReasons(skipped: ReadonlyArray<{ tags: readonly string[] }>): Record<string, number> {
  const needDocker = skipped.filter((test) => test.tags.includes(NEEDS_DOCKER)).length
  const needPoppler = skipped.filter((test) => test.tags.includes(NEEDS_POPPLER)).length
  const other = skipped.length - needDocker - needPoppler
  const reasons: Record<string, number> = {}
  if (needDocker > 0) reasons['need Docker and no Docker engine is reachable'] = needDocker
  if (needPoppler > 0) reasons['need poppler-utils (pdftoppm), which is not installed'] = needPoppler
  if (other > 0) reasons['marked skip/todo in their files'] = other
  return reasons
}

export function skipSummary(skipped: ReadonlyArray<{ tags: readonly string[] }>): string {
  if (skipped.length === 0) return 'Skipped tests: none.'
  const parts = Object.entries(skipReasons(skipped)).map(([reason, count]) => `${count} ${reason}`)
  return `Skipped tests: ${skipped.length} (${parts.join('; ')}).`
}

export default class SkipSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules.flatMap((module) => [...module.children.allTests('skipped')])
    const all = testModules.flatMap((module) => [...module.children.allTests()])
    writeSkipRecord({ stage: 'unit', ran: all.length - skipped.length, skipped: skipReasons(skipped) })
    console.log(skipSummary(skipped))
  }
}
