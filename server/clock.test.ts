import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courseNow, TestClockError, testClockInstant } from './clock.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-clock-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the course calendar clock', () => {
  it('reads the instant in the test clock file on every call, so a harness can move it', async () => {
    const file = path.join(dir, 'clock')
    await writeFile(file, '2027-01-12T09:00:00+01:00\n')
    expect(testClockInstant(file)?.toISOString()).toBe('2027-01-12T08:00:00.000Z')
    await writeFile(file, '2027-02-01T00:00:00Z')
    expect(testClockInstant(file)?.toISOString()).toBe('2027-02-01T00:00:00.000Z')
  })

  it('is real time without a file, or with an empty one', async () => {
    expect(testClockInstant(path.join(dir, 'missing'))).toBeNull()
    await writeFile(path.join(dir, 'empty'), ' \n')
    expect(testClockInstant(path.join(dir, 'empty'))).toBeNull()
    const saved = process.env.SYLLABUS_TEST_CLOCK_FILE
    delete process.env.SYLLABUS_TEST_CLOCK_FILE
    try {
      expect(Math.abs(courseNow().getTime() - Date.now())).toBeLessThan(1000)
    } finally {
      process.env.SYLLABUS_TEST_CLOCK_FILE = saved
    }
  })

  it('refuses a file that does not hold one instant, rather than guessing', async () => {
    for (const text of ['tomorrow', '2027-01-12', '2027-13-45T00:00:00Z', '2027-01-12T09:00:00']) {
      await writeFile(path.join(dir, 'bad'), text)
      expect(() => testClockInstant(path.join(dir, 'bad'))).toThrow(TestClockError)
    }
  })

  it('is what the unit tests run at (tests/setup/test-clock.ts)', () => {
    expect(courseNow().toISOString()).toBe('2027-01-14T12:00:00.000Z')
  })
})
