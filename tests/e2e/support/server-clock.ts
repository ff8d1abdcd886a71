// The site's course calendar clock during e2e runs (server/clock.ts). The Zoomcamp starts on 11 January
// 2027 and its homework windows never overlap, so the suite runs the site at a moment of its choosing:
// playwright.config.ts writes E2E_DEFAULT_NOW into the file before the server starts (hw1 open), and a
// test that needs another week moves the clock, then puts it back.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

export const E2E_CLOCK_FILE = path.resolve(import.meta.dirname, '../../../.data/e2e-clock')
/** Tuesday of week 1: hw1 is open, hw2 opens on 18 January. */
export const E2E_DEFAULT_NOW = '2027-01-12T10:00:00Z'

/** Moves the web server's and grading worker's "now" (read on every request). */
export async function setServerClock(instant: string) {
  await writeFile(E2E_CLOCK_FILE, instant)
}

export async function resetServerClock() {
  await setServerClock(E2E_DEFAULT_NOW)
}
