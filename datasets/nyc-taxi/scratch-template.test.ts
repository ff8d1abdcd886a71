// ensureScratchTemplate: a copy of the public variant that python ingestion runs clone. Uses its own
// template name, since it spoils the template on purpose and other files clone the shared one.
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { databaseUrl, datasetChecksum, datasetDatabaseName, readDatasetInfo } from './load.ts'
import { ensureScratchTemplate } from './scratch-template.ts'

const adminUrl = inject('gradingAdminUrl')
const template = `sctmpl_test_${process.pid}`
const publicUrl = databaseUrl(adminUrl, datasetDatabaseName('nyc_taxi', 'public'))

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client(url)
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

/** Whether PUBLIC (grantee 0) holds CONNECT on the database: a NULL ACL means the default, which grants it. */
async function publicMayConnect(database: string) {
  const [row] = await query<{ open: boolean }>(
    adminUrl,
    `SELECT datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(datacl) a WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT') AS open
       FROM pg_database WHERE datname = $1`,
    [database],
  )
  return row?.open
}

afterAll(async () => {
  await query(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)
})

describe('ensureScratchTemplate', () => {
  test('makes a copy of the public variant, closed to PUBLIC, and reuses it', { timeout: 60_000 }, async () => {
    const first = await ensureScratchTemplate(adminUrl, 'nyc_taxi', { databaseName: template })
    expect(['copied', 'built']).toContain(first.status)
    const publicInfo = await readDatasetInfo(publicUrl)
    expect(first.info.checksum).toBe(publicInfo?.checksum)
    expect(await datasetChecksum(databaseUrl(adminUrl, template))).toBe(publicInfo?.checksum)
    expect(await publicMayConnect(template)).toBe(false)

    const again = await ensureScratchTemplate(adminUrl, 'nyc_taxi', { databaseName: template })
    expect(again.status).toBe('present')
  })

  test('rebuilds a template whose checksum differs, even while the public database is held open', { timeout: 120_000 }, async () => {
    await ensureScratchTemplate(adminUrl, 'nyc_taxi', { databaseName: template })
    const templateUrl = databaseUrl(adminUrl, template)
    await query(templateUrl, 'DELETE FROM nyc_taxi.taxi_zone_lookup WHERE "LocationID" = 1')
    await query(templateUrl, `UPDATE nyc_taxi._dataset_info SET checksum = 'spoilt'`)
    // A pool of the SQL sandbox keeps the public database open: a file copy is refused then.
    const holder = new pg.Client(publicUrl)
    await holder.connect()
    try {
      const rebuilt = await ensureScratchTemplate(adminUrl, 'nyc_taxi', { databaseName: template })
      expect(rebuilt.status).toBe('built')
    } finally {
      await holder.end()
    }
    const [zone] = await query<{ zones: number }>(templateUrl, 'SELECT count(*)::int AS zones FROM nyc_taxi.taxi_zone_lookup WHERE "LocationID" = 1')
    expect(zone?.zones).toBe(1)
    expect((await readDatasetInfo(templateUrl))?.checksum).toBe((await readDatasetInfo(publicUrl))?.checksum)
    expect(await publicMayConnect(template)).toBe(false)
  })

  test('ensureDatasetLoaded closes the databases it builds to PUBLIC', async () => {
    for (const variant of ['public', 'hidden'] as const) expect(await publicMayConnect(datasetDatabaseName('nyc_taxi', variant))).toBe(false)
  })
})
