// Ends `vitest run` with one line naming how many tests were skipped and why. Suites that need Docker
// skip without an engine (sandbox/docker/testing/docker-for-tests.ts) and carry the `needs-docker` tag,
// so a green run on a machine without Docker says plainly how much of the suite did not run.
import type { Reporter, TestModule } from 'vitest/node'
import { NEEDS_DOCKER } from '../../sandbox/docker/testing/needs-docker-tag.ts'

export function skipSummary(skipped: ReadonlyArray<{ tags: readonly string[] }>): string {
  if (skipped.length === 0) return 'Skipped tests: none.'
  const needDocker = skipped.filter((test) => test.tags.includes(NEEDS_DOCKER)).length
  const other = skipped.length - needDocker
  const parts = [
    needDocker > 0 ? `${needDocker} need Docker and no Docker engine is reachable` : null,
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
