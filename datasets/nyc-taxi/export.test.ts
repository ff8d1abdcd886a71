import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportDataset, type ExportedFile } from './export.ts'
import { plannedRowCount } from './generate.ts'
import { TABLE_COLUMNS } from './schema.ts'

describe('exportDataset', () => {
  let outDir: string
  let files: ExportedFile[]

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-export-'))
    files = await exportDataset({ outDir, formats: ['csv', 'parquet'], variant: 'public', size: 'small', seed: 5 })
  })
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true })
  })

  it('names the files as the TLC does', () => {
    const names = files.map((file) => path.basename(file.path)).sort()
    expect(names).toContain('taxi_zone_lookup.csv')
    expect(names).toContain('green_tripdata_2019-10.csv.gz')
    expect(names).toContain('green_tripdata_2019-10.parquet')
    expect(names).toContain('fhv_tripdata_2019-11.parquet')
    expect(names).toHaveLength(2 + 3 * 3 * 2)
  })

  it('writes gzipped CSV with a header and every planned row', async () => {
    const text = gunzipSync(await readFile(path.join(outDir, 'green_tripdata_2019-10.csv.gz'))).toString('utf8')
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe(TABLE_COLUMNS.green_tripdata.map((column) => column.name).join(','))
    expect(lines).toHaveLength(1 + plannedRowCount('green_tripdata', '2019-10', { seed: 5, size: 'small' }))
    expect(lines.some((line) => line.startsWith('2,2019-10-01 00:00:00,2019-10-02 00:00:00,'))).toBe(true)
    const zones = await readFile(path.join(outDir, 'taxi_zone_lookup.csv'), 'utf8')
    expect(zones.split('\n')[0]).toBe('"LocationID","Borough","Zone","service_zone"')
    expect(zones).toContain('132,"Queens","JFK Airport","Airports"')
  })

  it('writes Parquet that a reader reads back with the same rows and values as the CSV', async () => {
    const file = await asyncBufferFromFile(path.join(outDir, 'yellow_tripdata_2019-10.parquet'))
    const metadata = await parquetMetadataAsync(file)
    const expected = plannedRowCount('yellow_tripdata', '2019-10', { seed: 5, size: 'small' })
    expect(Number(metadata.num_rows)).toBe(expected)
    const rows = await parquetReadObjects({ file, rowStart: 0, rowEnd: expected })
    expect(rows).toHaveLength(expected)
    expect(Object.keys(rows[0]!)).toEqual(TABLE_COLUMNS.yellow_tripdata.map((column) => column.name))

    const csv = gunzipSync(await readFile(path.join(outDir, 'yellow_tripdata_2019-10.csv.gz'))).toString('utf8').split('\n')
    const firstCsv = csv[1]!.split(',')
    const first = rows[0]!
    expect(first.tpep_pickup_datetime).toBeInstanceOf(Date)
    expect((first.tpep_pickup_datetime as Date).toISOString().replace('T', ' ').slice(0, 19)).toBe(firstCsv[1])
    expect(String(first.fare_amount)).toBe(firstCsv[10])
    expect(String(first.PULocationID)).toBe(firstCsv[7])
    const planted = rows.find((row) => (row.tpep_pickup_datetime as Date).toISOString() === '2019-10-01T00:00:00.000Z')
    expect(planted?.PULocationID).toBe(194)
    expect(rows.some((row) => row.passenger_count === null)).toBe(true)
  })
})
