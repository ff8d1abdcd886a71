// The course calendar's clock in unit tests (server/clock.ts): setup-test-env.ts points
// SYLLABUS_TEST_CLOCK_FILE at a file of the test file's own and writes DEFAULT_TEST_NOW into it.
import { writeFileSync } from 'node:fs'

/** The moment unit tests run at unless they say otherwise. */
export const DEFAULT_TEST_NOW = '2027-01-14T12:00:00Z'

/** Moves the course calendar's clock for the rest of the test file (or until moved again). */
export function setTestClock(instant: string) {
  writeFileSync(process.env.SYLLABUS_TEST_CLOCK_FILE!, instant)
}
