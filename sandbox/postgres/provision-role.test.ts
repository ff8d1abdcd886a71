import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { withDatabase } from './identifiers.ts'
import { ensureSandboxRole, type SandboxRole } from './provision-role.ts'
import { createSmallNycTaxiDatabase, type SmallNycTaxiDatabase } from './testing/small-nyc-taxi.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
let dataset: SmallNycTaxiDatabase
let other: SmallNycTaxiDatabase
let sandboxRole: SandboxRole

async function asLearner<T>(database: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client(sandboxRole.learnerUrl(database))
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (error: unknown) => error as pg.DatabaseError,
  )
}

beforeAll(async () => {
  dataset = await createSmallNycTaxiDatabase(clusterAdminUrl)
  other = await createSmallNycTaxiDatabase(clusterAdminUrl, 'sbx_other')
  const admin = new pg.Client(dataset.adminUrl)
  await admin.connect()
  await admin.query("CREATE TABLE nyc_taxi._dataset_info AS SELECT 'hidden' AS variant, 12345 AS seed")
  await admin.end()
  sandboxRole = await ensureSandboxRole(clusterAdminUrl, {
    databases: [dataset.database],
    roleName,
    closeDatabasesToPublic: [other.database],
  })
})

afterAll(async () => {
  await dataset?.drop()
  await other?.drop()
  const admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  await admin.query(`DROP OWNED BY ${roleName} CASCADE`).catch(() => {})
  await admin.end()
})

describe('ensureSandboxRole', () => {
  test('the role is a plain login role with its limits set at login', async () => {
    const settings = await asLearner(dataset.database, async (client) => {
      const { rows } = await client.query<Record<string, string>>(
        `SELECT current_setting('statement_timeout') AS statement_timeout,
                current_setting('default_transaction_read_only') AS read_only,
                current_setting('search_path') AS search_path,
                current_setting('temp_file_limit') AS temp_file_limit,
                current_setting('work_mem') AS work_mem,
                r.rolsuper::text, r.rolcreatedb::text, r.rolcreaterole::text, r.rolinherit::text, r.rolbypassrls::text
           FROM pg_roles r WHERE r.rolname = current_user`,
      )
      return rows[0]
    })
    expect(settings).toEqual({
      statement_timeout: '30s',
      read_only: 'on',
      search_path: 'nyc_taxi',
      temp_file_limit: '256MB',
      work_mem: '16MB',
      rolsuper: 'false',
      rolcreatedb: 'false',
      rolcreaterole: 'false',
      rolinherit: 'false',
      rolbypassrls: 'false',
    })
  })

  test('reads the dataset, writes nothing, and cannot change its limits', async () => {
    await asLearner(dataset.database, async (client) => {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM taxi_zone_lookup')
      expect(rows[0].n).toBe(265)
      expect((await errorOf(client.query('SELECT seed FROM _dataset_info')))?.code).toBe('42501')
      expect((await errorOf(client.query('DELETE FROM taxi_zone_lookup')))?.code).toBe('25006')
      await client.query('BEGIN READ WRITE')
      expect((await errorOf(client.query('DELETE FROM taxi_zone_lookup')))?.code).toBe('42501')
      await client.query('ROLLBACK')
      await client.query('BEGIN READ WRITE')
      expect((await errorOf(client.query('CREATE TABLE public.t (x int)')))?.code).toBe('42501')
      await client.query('ROLLBACK')
      await client.query('BEGIN READ WRITE')
      expect((await errorOf(client.query('CREATE TEMP TABLE t (x int)')))?.code).toBe('42501')
      await client.query('ROLLBACK')
      expect((await errorOf(client.query("SET temp_file_limit = '10GB'")))?.code).toBe('42501')
      expect((await errorOf(client.query("SELECT set_config('work_mem', '1GB', false)")))?.code).toBe('42501')
      expect((await errorOf(client.query('SELECT pg_advisory_lock(1)')))?.code).toBe('42501')
      expect((await errorOf(client.query('SELECT lo_create(0)')))?.code).toBe('42501')
      expect((await errorOf(client.query('SELECT query FROM pg_stat_activity')))?.code).toBe('42501')
      expect((await errorOf(client.query("SELECT pg_read_file('/etc/passwd')")))?.code).toBe('42501')
    })
  })

  test('may create in its scratch schema, inside a transaction', async () => {
    await asLearner(dataset.database, async (client) => {
      await client.query('BEGIN READ WRITE')
      await client.query('CREATE TABLE learner_scratch.t AS SELECT 1 AS x')
      await client.query('ROLLBACK')
    })
  })

  test('cannot connect to databases it was not granted', async () => {
    const url = withDatabase(sandboxRole.learnerUrl(dataset.database), other.database)
    const client = new pg.Client(url)
    const error = await errorOf(client.connect())
    expect(error?.code).toBe('42501')
    await client.end().catch(() => {})
  })

  test('is idempotent, keeps a password file, and takes away memberships granted by hand', async () => {
    const admin = new pg.Client(clusterAdminUrl)
    await admin.connect()
    await admin.query(`GRANT pg_read_all_stats TO ${roleName}`)
    await admin.end()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sbx-role-'))
    const passwordFile = path.join(dir, 'learner.password')
    const options = {
      databases: [dataset.database],
      roleName,
      closeDatabasesToPublic: [other.database],
      passwordFile,
    }
    const first = await ensureSandboxRole(clusterAdminUrl, options)
    const second = await ensureSandboxRole(clusterAdminUrl, options)
    sandboxRole = second
    expect(second.password).toBe(first.password)
    expect((await readFile(passwordFile, 'utf8')).trim()).toBe(first.password)
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600)
    const memberships = await asLearner(dataset.database, async (client) => {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user`,
      )
      return rows[0].n
    })
    expect(memberships).toBe(0)
  })

  test('errors never carry the admin password', async () => {
    const badUrl = new URL(clusterAdminUrl)
    badUrl.port = '1'
    const error = await ensureSandboxRole(badUrl.toString(), { databases: [dataset.database], roleName }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error?.constructor.name).toBe('SandboxUnavailableError')
    expect(String(error?.message)).not.toContain(decodeURIComponent(new URL(clusterAdminUrl).password))
  })
})
