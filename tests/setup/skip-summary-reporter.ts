// Ends `vitest run` with one line naming how many tests were skipped and why. Suites that need Docker
// skip without an engine (sandbox/docker/testing/docker-for-tests.ts) and carry the `needs-docker` tag,
// so a green run on a machine without Docker says plainly how much of the suite did not run.
import type { Reporter, TestModule } from 'vitest/node'
import { NEEDS_DOCKER } from '../../sandbox/docker/testing/needs-docker-tag.ts'

/** Tag of the suites that read PDFs with poppler-utils (the certificate test); they skip without it. */
export const NEEDS_POPPLER = 'needs-poppler'

export function skipSummary(skipped: ReadonlyArray<{ tags: readonly string[] }>): string {
  if (skipped.length === 0) return 'Skipped tests: none.'
  const needDocker = skipped.filter((test) => test.tags.includes(NEEDS_DOCKER)).length
  const needPoppler = skipped.filter((test) => test.tags.includes(NEEDS_POPPLER)).length
  const other = skipped.length - needDocker - needPoppler
  const parts = [
    needDocker > 0 ? `${needDocker} need Docker and no Docker engine is reachable` : null,
    needPoppler > 0 ? `${needPoppler} need poppler-utils (pdftoppm), which is not installed` : null,
    other > 0 ? `${other} marked skip/todo in their files` : null,
  ].filter(Boolean)
  return `Skipped tests: ${skipped.length} (${parts.join('; ')}).`
}

export default class SkipSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules.flatMap((module) => [...module.children.allTests('skipped')])
    console.log(skipSummary(skipped))
  }
}
