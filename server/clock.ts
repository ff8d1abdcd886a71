// The platform's "now" for the course calendar: when homework opens, its deadline, lateness, when
// feedback and answers may be shown. Real time, except under test: SYLLABUS_TEST_CLOCK_FILE names a
// file holding one ISO 8601 instant, read on every call so that a test harness can move the site's
// time while it runs (the e2e suite tests a course that starts in January in December, and homework
// whose windows never overlap in one run). No file, or an empty one: real time.
//
// Why a file named by an environment variable, and not a setting a request could carry: only whoever
// starts the processes can set it (web server and grading worker read the same file, so they agree),
// and nothing a learner sends can move it. It is honoured in production builds too, because the e2e
// suite runs the production build (`syllabus start`); `syllabus start` warns when it is set.
import { readFileSync } from 'node:fs'
import { testClockFile } from './env.ts'

export class TestClockError extends Error {}

/** The instant in the test clock file, or null for real time. */
export function testClockInstant(file: string): Date | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  if (text === '') return null
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : null
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new TestClockError(`SYLLABUS_TEST_CLOCK_FILE (${file}) must hold one ISO 8601 instant such as 2027-01-12T09:00:00Z; it holds "${text.slice(0, 40)}"`)
  }
  return instant
}

/** Now, for anything the course calendar decides. */
export function courseNow(): Date {
  const file = testClockFile()
  return (file && testClockInstant(file)) || new Date()
}
