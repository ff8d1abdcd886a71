import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sweepScratchDatabases, withScratchDatabase } from './scratch-database.ts'
import { scheduleScratchSweep } from './scratch-database-sweep.ts'
import { createSmallNycTaxiDatabase, databaseChecksum, type SmallNycTaxiDatabase } from './testing/small-nyc-taxi.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
// A prefix of this file's own, so the sweep test never touches another file's scratch databases.
const prefix = `sbxtest${process.pid}_`
let template: SmallNycTaxiDatabase

async function adminQuery(sql: string, values: unknown[] = []) {
  const admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  try {
    return (await admin.query(sql, values)).rows
  } finally {
    await admin.end()
  }
}

async function leftovers() {
  return adminQuery(
    `SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)
      UNION ALL SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)`,
    [prefix],
  )
}

beforeAll(async () => {
  template = await createSmallNycTaxiDatabase(clusterAdminUrl, 'sbx_template')
})

afterAll(async () => {
  await template?.drop()
})

describe('withScratchDatabase', () => {
  test('gives a writable copy where work commits, then drops it; the template is untouched', async () => {
    const before = await databaseChecksum(template.adminUrl, ['nyc_taxi'])
    const seen = await withScratchDatabase(
      clusterAdminUrl,
      { template: template.database, prefix },
      async ({ url, database, role }) => {
        expect(database).toBe(role)
        const client = new pg.Client(url)
        await client.connect()
        try {
          await client.query('DELETE FROM yellow_tripdata WHERE "VendorID" = 1')
          await client.query('CREATE TABLE nyc_taxi.summary AS SELECT count(*) AS trips FROM yellow_tripdata')
          const { rows } = await client.query<{ trips: string; superuser: boolean }>(
            'SELECT trips, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser FROM summary',
          )
          return rows[0]
        } finally {
          await client.end()
        }
      },
    )
    expect(seen).toEqual({ trips: '2500', superuser: false })
    expect(await leftovers()).toEqual([])
    expect(await databaseChecksum(template.adminUrl, ['nyc_taxi'])).toBe(before)
  })

  test('drops everything when the work fails', async () => {
    await expect(
      withScratchDatabase(clusterAdminUrl, { template: template.database, prefix }, async ({ url }) => {
        const client = new pg.Client(url)
        await client.connect()
        // Left open on purpose: the drop must force it closed.
        client.on('error', () => {})
        throw new Error('the work failed')
      }),
    ).rejects.toThrow('the work failed')
    expect(await leftovers()).toEqual([])
  })

  test('the one-off role cannot reach the template or other databases', async () => {
    await withScratchDatabase(clusterAdminUrl, { template: template.database, prefix }, async ({ url }) => {
      const other = new URL(url)
      other.pathname = `/${template.database}`
      const client = new pg.Client(other.toString())
      client.on('error', () => {})
      // The template was created by the test fixture with default privileges: lock it like a dataset.
      await adminQuery(`REVOKE CONNECT ON DATABASE ${template.database} FROM PUBLIC`)
      await expect(client.connect()).rejects.toMatchObject({ code: '42501' })
    })
  })

  test('the one-off role cannot connect to postgres, template1 or the dataset databases, even ones left open to PUBLIC', async () => {
    // As a cluster made by hand would be: postgres and template1 keep PUBLIC's CONNECT by default.
    await adminQuery('GRANT CONNECT ON DATABASE postgres TO PUBLIC')
    await adminQuery('GRANT CONNECT ON DATABASE template1 TO PUBLIC')
    const others = ['postgres', 'template1', 'syllabus_ds_nyc_taxi_public', 'syllabus_ds_nyc_taxi_hidden', template.database]
    const refused = await withScratchDatabase(clusterAdminUrl, { template: template.database, prefix }, async ({ url, database }) => {
      const outcomes: Record<string, string> = {}
      for (const name of [database, ...others]) {
        const target = new URL(url)
        target.pathname = `/${name}`
        const client = new pg.Client(target.toString())
        client.on('error', () => {})
        outcomes[name === database ? 'own' : name] = await client.connect().then(
          async () => {
            await client.end()
            return 'connected'
          },
          (error: { code?: string }) => error.code ?? 'failed',
        )
      }
      return outcomes
    })
    expect(refused).toEqual({ own: 'connected', ...Object.fromEntries(others.map((name) => [name, '42501'])) })
    const open = await adminQuery(
      `SELECT datname FROM pg_database WHERE datname = ANY($1)
          AND (datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(datacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT'))`,
      [others],
    )
    expect(open).toEqual([])
  })

  test('a busy template is reported as unavailable, without secrets', async () => {
    const holder = new pg.Client(template.adminUrl)
    await holder.connect()
    try {
      const error = await withScratchDatabase(
        clusterAdminUrl,
        { template: template.database, prefix, templateBusyTimeoutMs: 200 },
        async () => 'never',
      ).then(
        () => undefined,
        (caught: unknown) => caught as Error & { detail?: string },
      )
      expect(error?.constructor.name).toBe('SandboxUnavailableError')
      expect(error?.detail).toMatch(/being accessed by other users/)
      expect(`${error?.message} ${error?.detail}`).not.toContain(new URL(clusterAdminUrl).password)
    } finally {
      await holder.end()
    }
    expect(await leftovers()).toEqual([])
  })
})

describe('sweepScratchDatabases', () => {
  test('drops stale leftovers by prefix and creation time, and leaves fresh ones', async () => {
    const stale = `${prefix}${(Date.now() - 2 * 60 * 60 * 1000).toString(36)}_0badc0de`
    const fresh = `${prefix}${Date.now().toString(36)}_0000beef`
    await adminQuery(`CREATE ROLE ${stale}`)
    await adminQuery(`CREATE DATABASE ${stale} OWNER ${stale}`)
    await adminQuery(`CREATE ROLE ${fresh}`)
    expect(await sweepScratchDatabases(clusterAdminUrl, { prefix })).toEqual([stale])
    expect((await leftovers()).map((row) => row.name)).toEqual([fresh])
    expect(await sweepScratchDatabases(clusterAdminUrl, { prefix, olderThanMs: 0 })).toEqual([fresh])
    expect(await leftovers()).toEqual([])
  })
})

describe('bounds of a scratch database', () => {
  test('is dropped at the end of its lifetime even while the work still runs', async () => {
    let name = ''
    await withScratchDatabase(clusterAdminUrl, { template: template.database, prefix, lifetimeMs: 1_500 }, async ({ database }) => {
      name = database
      // A stuck check: the work outlives the lifetime, and the timer does not wait for it.
      const deadline = Date.now() + 20_000
      while (Date.now() < deadline && (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0)
        await new Promise((resolve) => setTimeout(resolve, 200))
      expect(await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [database])).toEqual([])
      expect(await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [database])).toEqual([])
    })
    expect(name).not.toBe('')
    expect(await leftovers()).toEqual([])
  })

  test('its role may not raise temp_file_limit, and its settings hold one', async () => {
    await withScratchDatabase(clusterAdminUrl, { template: template.database, prefix }, async ({ url }) => {
      const client = new pg.Client(url)
      await client.connect()
      try {
        expect((await client.query('SHOW temp_file_limit')).rows[0].temp_file_limit).toBe('256MB')
        await expect(client.query("SET temp_file_limit = '-1'")).rejects.toThrow(/permission denied/)
      } finally {
        await client.end()
      }
    })
  })

  test('the sweep runs on a schedule, not only when called', async () => {
    const stale = `${prefix}${(Date.now() - 2 * 60 * 60 * 1000).toString(36)}_5cedd1ed`
    await adminQuery(`CREATE ROLE ${stale}`)
    await adminQuery(`CREATE DATABASE ${stale} OWNER ${stale}`)
    const swept: string[] = []
    const schedule = scheduleScratchSweep(clusterAdminUrl, { prefix, everyMs: 200, olderThanMs: 60 * 60 * 1000, onSwept: (names) => swept.push(...names) })
    try {
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline && swept.length === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await schedule.stop()
    }
    expect(swept).toEqual([stale])
    expect(await leftovers()).toEqual([])
  })
})
