// Ends `playwright test` with one line naming how many e2e tests were skipped and why (the reason given
// to test.skip), like tests/setup/skip-summary-reporter.ts does for vitest: a green run on a machine
// without Docker says plainly what did not run.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'
import { writeSkipRecord } from '../setup/skip-record.ts'

export default class SkipSummaryReporter implements Reporter {
  private readonly reasons = new Map<string, number>()
  private readonly ran = new Set<string>()

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') {
      this.ran.add(test.id)
      return
    }
    const reason = [...result.annotations, ...test.annotations].find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given'
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1)
  }

  onEnd(): void {
    const total = [...this.reasons.values()].reduce((sum, count) => sum + count, 0)
    const why = [...this.reasons].map(([reason, count]) => `${count}: ${reason}`).join('; ')
    writeSkipRecord({ stage: 'e2e', ran: this.ran.size, skipped: Object.fromEntries(this.reasons) })
    console.log(total === 0 ? 'Skipped e2e tests: none.' : `Skipped e2e tests: ${total} (${why}).`)
  }

  printsToStdio(): boolean {
    return false
  }
}
