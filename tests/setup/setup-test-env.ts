// Runs before each test file: gives the file its own database (a copy of the migrated template),
// and fails any test that logs an unexpected console.error.
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, inject, vi } from 'vitest'
import { DEFAULT_TEST_NOW } from './test-clock.ts'

const adminUrl = inject('postgresAdminUrl')
const database = `test_${randomBytes(6).toString('hex')}`
const admin = new pg.Client(adminUrl)
await admin.connect()
await admin.query(`CREATE DATABASE ${database} TEMPLATE syllabus_template`)
await admin.end()

const url = new URL(adminUrl)
url.pathname = `/${database}`
process.env.DATABASE_URL = url.toString()
process.env.TEST_POSTGRES_ADMIN_URL = adminUrl
process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-next-auth'
// The course calendar's clock (server/clock.ts): a day inside both fixtures' first week (the mini
// course's hw1 opens 13 Jan 2027, the Zoomcamp's 11 Jan), so tests that submit without saying when
// do not depend on the day they run. A test that needs another moment passes `now` or rewrites the file.
const clockFile = path.join(os.tmpdir(), `syllabus-test-clock-${database}`)
writeFileSync(clockFile, DEFAULT_TEST_NOW)
process.env.SYLLABUS_TEST_CLOCK_FILE = clockFile

let consoleError: ReturnType<typeof vi.spyOn> | undefined
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
  })
})
afterEach(() => {
  consoleError?.mockRestore()
})

afterAll(async () => {
  rmSync(clockFile, { force: true })
  const { disconnectDb } = await import('../../server/db/client.ts')
  await disconnectDb()
})
