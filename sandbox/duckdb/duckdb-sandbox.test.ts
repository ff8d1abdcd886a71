import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportDataset } from '../../datasets/nyc-taxi/export.ts'
import { DuckDbRuntimeError, DuckDbTimeoutError, DuckDbUnavailableError, openDuckDbSandbox, type DuckDbSandbox } from './index.ts'

let dir: string
let sandbox: DuckDbSandbox
const zones = () => path.join(dir, 'public', 'taxi_zone_lookup.parquet')

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'duckdb-sandbox-'))
  await exportDataset({ outDir: path.join(dir, 'public'), formats: ['parquet'], variant: 'public', size: 'small' })
  await writeFile(path.join(dir, 'secret.txt'), 'hidden answer\n')
  sandbox = await openDuckDbSandbox(
    [
      { schema: 'nyc_taxi', name: 'taxi_zone_lookup', files: [zones()] },
      { schema: 'nyc_taxi', name: 'green', files: ['09', '10'].map((m) => path.join(dir, 'public', `green_tripdata_2019-${m}.parquet`)) },
    ],
    { timeoutMs: 2000, maxRows: 100, memoryLimit: '64MB' },
  )
}, 60_000)

afterAll(async () => {
  sandbox?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('openDuckDbSandbox', () => {
  it('reads the attached Parquet files through their views, values as text', async () => {
    const result = await sandbox.query(`SELECT "Borough", count(*) AS zones FROM nyc_taxi.taxi_zone_lookup WHERE "LocationID" <= 3 GROUP BY 1 ORDER BY 1`)
    expect(result.columns).toEqual([
      { name: 'Borough', type: 'VARCHAR' },
      { name: 'zones', type: 'BIGINT' },
    ])
    expect(result.rows).toEqual([
      ['EWR', '1'],
      ['Queens', '1'],
      ['Bronx', '1'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)))
    const green = await sandbox.query('SELECT count(*) FROM nyc_taxi.green')
    expect(Number(green.rows[0]![0])).toBeGreaterThan(1000)
  })

  it('refuses every other file, even one in the same folder, and cannot be unlocked', async () => {
    await expect(sandbox.query(`SELECT * FROM read_parquet('${path.join(dir, 'public', 'green_tripdata_2019-11.parquet')}')`)).rejects.toThrow(/Permission/)
    await expect(sandbox.query(`SELECT * FROM read_csv('${path.join(dir, 'secret.txt')}')`)).rejects.toThrow(DuckDbRuntimeError)
    await expect(sandbox.query(`COPY (SELECT 1) TO '${path.join(dir, 'out.csv')}'`)).rejects.toThrow(/Permission/)
    await expect(sandbox.query(`ATTACH '${path.join(dir, 'other.db')}'`)).rejects.toThrow(/Permission/)
    await expect(sandbox.query('SET enable_external_access = true')).rejects.toThrow(/locked/)
    await expect(sandbox.query(`SET allowed_paths = ['${path.join(dir, 'secret.txt')}']`)).rejects.toThrow(/locked/)
    await expect(sandbox.query('INSTALL httpfs')).rejects.toThrow(DuckDbRuntimeError)
  })

  it('interrupts a statement past its deadline and stays usable', async () => {
    const started = performance.now()
    await expect(sandbox.query('SELECT count(*) FROM range(100000000000) a', { timeoutMs: 200 })).rejects.toThrow(DuckDbTimeoutError)
    expect(performance.now() - started).toBeLessThan(1500)
    expect((await sandbox.query('SELECT 42')).rows).toEqual([['42']])
  })

  it('fails a query that needs more memory than the limit, instead of growing', async () => {
    await expect(sandbox.query('SELECT list(repeat(\'x\', 1000)) FROM range(1000000)', { timeoutMs: 10_000 })).rejects.toThrow(/memory|Out of Memory/i)
  })

  it('caps the rows returned and says so', async () => {
    const result = await sandbox.query('SELECT * FROM range(1000)', { maxRows: 10 })
    expect(result.rows).toHaveLength(10)
    expect(result.truncated).toBe(true)
    expect((await sandbox.query('SELECT * FROM range(10)', { maxRows: 10 })).truncated).toBe(false)
  })

  it('is unavailable, not a learner error, when a data file is missing', async () => {
    await expect(openDuckDbSandbox([{ schema: 's', name: 't', files: [path.join(dir, 'nope.parquet')] }])).rejects.toThrow(DuckDbUnavailableError)
  })
})
