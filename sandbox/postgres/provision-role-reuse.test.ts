// ensureSandboxRole's reuseIfUnchanged (one-shot commands beside a running worker): it skips the
// provisioning only when the last one covered the same databases, unchanged, with the same options;
// anything else provisions in full. A membership granted by hand shows which happened: a full
// provisioning takes it away, a skipped one leaves it.
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ensureSandboxRole, type SandboxRoleOptions } from './provision-role.ts'
import { createSmallNycTaxiDatabase, type SmallNycTaxiDatabase } from './testing/small-nyc-taxi.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let first: SmallNycTaxiDatabase
let second: SmallNycTaxiDatabase
let closed: SmallNycTaxiDatabase
let options: SandboxRoleOptions

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(clusterAdminUrl)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Grants a membership a full provisioning takes away; returns a check of whether it is still there. */
async function markByHand(): Promise<() => Promise<boolean>> {
  await admin((client) => client.query(`GRANT pg_read_all_stats TO ${roleName}`))
  return () =>
    admin(async (client) => {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member JOIN pg_roles r ON r.oid = m.roleid
          WHERE u.rolname = $1 AND r.rolname = 'pg_read_all_stats'`,
        [roleName],
      )
      return rows.length === 1
    })
}

beforeAll(async () => {
  first = await createSmallNycTaxiDatabase(clusterAdminUrl)
  second = await createSmallNycTaxiDatabase(clusterAdminUrl)
  closed = await createSmallNycTaxiDatabase(clusterAdminUrl, 'sbx_closed')
  const passwordFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'sbx-reuse-')), 'learner.password')
  options = { databases: [first.database, second.database], roleName, closeDatabasesToPublic: [closed.database], passwordFile }
  await ensureSandboxRole(clusterAdminUrl, options)
})

afterAll(async () => {
  await Promise.all([first, second, closed].map((database) => database?.drop()))
  await admin((client) => client.query(`DROP OWNED BY ${roleName} CASCADE`).then(() => client.query(`DROP ROLE IF EXISTS ${roleName}`))).catch(() => {})
})

test('nothing changed since the last provisioning: skipped, for the same databases or fewer, and the learner still connects', async () => {
  const stillMarked = await markByHand()
  const role = await ensureSandboxRole(clusterAdminUrl, { ...options, reuseIfUnchanged: true })
  expect(await stillMarked()).toBe(true)
  await ensureSandboxRole(clusterAdminUrl, { ...options, databases: [second.database], reuseIfUnchanged: true })
  expect(await stillMarked()).toBe(true)
  const learner = new pg.Client(role.learnerUrl(first.database))
  await learner.connect()
  expect((await learner.query('SELECT count(*)::int AS n FROM taxi_zone_lookup')).rows[0].n).toBe(265)
  await learner.end()
})

test('without reuseIfUnchanged, it always provisions in full', async () => {
  const stillMarked = await markByHand()
  await ensureSandboxRole(clusterAdminUrl, options)
  expect(await stillMarked()).toBe(false)
})

test('a database it never granted, other options, or a rebuilt database: provisioned in full', async () => {
  const extra = await createSmallNycTaxiDatabase(clusterAdminUrl)
  try {
    const stillMarked = await markByHand()
    await ensureSandboxRole(clusterAdminUrl, { ...options, databases: [first.database, extra.database], reuseIfUnchanged: true })
    expect(await stillMarked()).toBe(false)
  } finally {
    await extra.drop()
  }
  await ensureSandboxRole(clusterAdminUrl, options)

  let stillMarked = await markByHand()
  await ensureSandboxRole(clusterAdminUrl, { ...options, connectionLimit: 7, reuseIfUnchanged: true })
  expect(await stillMarked()).toBe(false)
  await ensureSandboxRole(clusterAdminUrl, options)

  // The same name, a new database (a dataset reloaded): it has no grants yet.
  const name = second.database
  await second.drop()
  const rebuilt = await createSmallNycTaxiDatabase(clusterAdminUrl)
  await admin((client) => client.query(`ALTER DATABASE ${rebuilt.database} RENAME TO ${name}`))
  stillMarked = await markByHand()
  await ensureSandboxRole(clusterAdminUrl, { ...options, reuseIfUnchanged: true })
  expect(await stillMarked()).toBe(false)
})

test("on the caller's session: the same check, and the provisioning lock released for the next provisioning", async () => {
  const session = new pg.Client(clusterAdminUrl)
  await session.connect()
  try {
    // Other options than the last provisioning's: in full, on the session.
    let stillMarked = await markByHand()
    await ensureSandboxRole(clusterAdminUrl, { ...options, connectionLimit: 6, reuseIfUnchanged: true }, session)
    expect(await stillMarked()).toBe(false)
    // The same again: skipped.
    stillMarked = await markByHand()
    await ensureSandboxRole(clusterAdminUrl, { ...options, connectionLimit: 6, reuseIfUnchanged: true }, session)
    expect(await stillMarked()).toBe(true)
    // The session is still open: another one can take the lock now.
    const lockFree = await admin(async (client) => {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('syllabus.sandbox.provisioning')) AS locked`)
      if (rows[0]!.locked) await client.query(`SELECT pg_advisory_unlock(hashtext('syllabus.sandbox.provisioning'))`)
      return rows[0]!.locked
    })
    expect(lockFree).toBe(true)
  } finally {
    await session.end()
  }
  await ensureSandboxRole(clusterAdminUrl, options)
})
