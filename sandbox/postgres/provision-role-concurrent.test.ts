// ensureSandboxRole while learners are grading: every process (each worker, `syllabus grade`, the web
// preview) provisions the role when it opens its grading environment, so one process provisions while
// another's learner connections are reading. Provisioning revokes the role's privileges and grants them
// back; a learner must never land in between (a worker's grade once failed with "permission denied for
// table green_tripdata" while a second worker started).
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ensureSandboxRole, type SandboxRole, type SandboxRoleOptions } from './provision-role.ts'
import { createSmallNycTaxiDatabase, type SmallNycTaxiDatabase } from './testing/small-nyc-taxi.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let dataset: SmallNycTaxiDatabase
let options: SandboxRoleOptions
let role: SandboxRole

beforeAll(async () => {
  dataset = await createSmallNycTaxiDatabase(clusterAdminUrl)
  // Every process reads the same password file, as they do beside one another.
  const passwordFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'sbx-concurrent-')), 'learner.password')
  options = { databases: [dataset.database], roleName, closeDatabasesToPublic: [], passwordFile }
  role = await ensureSandboxRole(clusterAdminUrl, options)
})

afterAll(async () => {
  await dataset?.drop()
  const admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  await admin.query(`DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
  await admin.end()
})

test('learners reading, and connecting, while another process provisions the role are never refused', async () => {
  let provisioning = true
  const refusals: string[] = []
  let reads = 0
  let connections = 0

  // Connections kept open, as a worker's sandbox pool keeps them, reading every dataset table.
  const reader = async () => {
    const client = new pg.Client(role.learnerUrl(dataset.database))
    await client.connect()
    try {
      while (provisioning) {
        for (const table of ['green_tripdata', 'yellow_tripdata', 'taxi_zone_lookup']) {
          await client.query(`SELECT 1 FROM ${table} LIMIT 1`).catch((error: Error) => refusals.push(error.message))
          reads++
        }
      }
    } finally {
      await client.end()
    }
  }
  // New connections, as a pool opening one after an idle timeout.
  const connector = async () => {
    while (provisioning) {
      const client = new pg.Client(role.learnerUrl(dataset.database))
      await client
        .connect()
        .then(() => client.query('SELECT 1 FROM green_tripdata LIMIT 1'))
        .catch((error: Error) => refusals.push(error.message))
      await client.end().catch(() => {})
      connections++
    }
  }

  const learners = [reader(), reader(), reader(), connector()]
  try {
    for (let round = 0; round < 15; round++) await ensureSandboxRole(clusterAdminUrl, options)
  } finally {
    provisioning = false
    await Promise.all(learners)
  }
  expect(reads).toBeGreaterThan(30)
  expect(connections).toBeGreaterThan(3)
  expect(refusals).toEqual([])
})
