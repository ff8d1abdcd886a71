// Runs before each test file: gives the file its own database (a copy of the migrated template),
// and fails any test that logs an unexpected console.error.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, inject, vi } from 'vitest'

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
  const { disconnectDb } = await import('../../server/db/client.ts')
  await disconnectDb()
})
