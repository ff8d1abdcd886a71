// The local engine against BigQuery's documented on-demand rules ("Data size calculation",
// "Estimate query costs", partition pruning) and its DDL semantics, on the small exported dataset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BigQueryRejectedError, BigQueryRuntimeError, LocalBigQuery } from './local-engine.ts'
import { type ExportedTestData, exportTestData } from './testing/local-data.ts'

let data: ExportedTestData
let bq: LocalBigQuery

beforeAll(async () => {
  data = await exportTestData()
  bq = await LocalBigQuery.open(data.optionsFor('public'))
}, 60_000)

afterAll(async () => {
  bq?.close()
  await data?.remove()
})

async function scalar(sql: string): Promise<number> {
  return Number((await bq.run(sql)).result.rows[0]![0])
}

const EXTERNAL = "CREATE OR REPLACE EXTERNAL TABLE `my-project.hw3.external_yellow` OPTIONS (format = 'PARQUET', uris = ['gs://my-bucket/yellow_tripdata_2019-*.parquet'])"

describe('byte estimate (dry run)', () => {
  it('prices only referenced columns, 8 bytes per non-NULL INT64/FLOAT64/TIMESTAMP value', async () => {
    const nonNull = await scalar('SELECT COUNT(PULocationID) FROM nyc_taxi.yellow_tripdata')
    const nonNullFare = await scalar('SELECT COUNT(fare_amount) FROM nyc_taxi.yellow_tripdata')
    expect((await bq.dryRun('SELECT COUNT(DISTINCT PULocationID) FROM `any-project.nyc_taxi.yellow_tripdata`')).bytesProcessed).toBe(8 * nonNull)
    // Two columns estimate more than one: the second column's bytes are added.
    expect((await bq.dryRun('SELECT PULocationID, fare_amount FROM nyc_taxi.yellow_tripdata')).bytesProcessed).toBe(8 * nonNull + 8 * nonNullFare)
  })

  it('counts 0 B for COUNT(*), and LIMIT does not reduce the estimate', async () => {
    expect((await bq.dryRun('SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata')).bytesProcessed).toBe(0)
    const full = (await bq.dryRun('SELECT PULocationID FROM nyc_taxi.yellow_tripdata')).bytesProcessed
    expect((await bq.dryRun('SELECT PULocationID FROM nyc_taxi.yellow_tripdata LIMIT 1')).bytesProcessed).toBe(full)
  })

  it('prices STRING as 2 bytes + UTF-8 length, BOOL as 1, NULL as 0', async () => {
    await bq.run("CREATE OR REPLACE TABLE hw3.strings AS SELECT s, s IS NULL AS missing FROM UNNEST(['a', 'héllo', NULL]) AS s")
    expect((await bq.dryRun('SELECT s FROM hw3.strings')).bytesProcessed).toBe(2 + 1 + (2 + 6))
    expect((await bq.dryRun('SELECT missing FROM hw3.strings')).bytesProcessed).toBe(3)
    expect((await bq.dryRun('SELECT * FROM hw3.strings')).bytesProcessed).toBe(11 + 3)
    expect((await bq.dryRun('SELECT * EXCEPT (s) FROM hw3.strings')).bytesProcessed).toBe(3)
  })

  it('estimates 0 B for an external table and the full columns for the materialized copy', async () => {
    await bq.run(EXTERNAL)
    expect((await bq.dryRun('SELECT COUNT(DISTINCT PULocationID) FROM hw3.external_yellow')).bytesProcessed).toBe(0)
    await bq.run('CREATE OR REPLACE TABLE hw3.yellow AS SELECT * FROM hw3.external_yellow')
    const nonNull = await scalar('SELECT COUNT(PULocationID) FROM hw3.yellow')
    expect((await bq.dryRun('SELECT COUNT(DISTINCT PULocationID) FROM hw3.yellow')).bytesProcessed).toBe(8 * nonNull)
    expect(await scalar('SELECT COUNT(*) FROM hw3.external_yellow')).toBe(await scalar('SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata'))
  })

  it('prunes partitions on a constant filter of the partitioning column, not on other filters', async () => {
    await bq.run(EXTERNAL)
    await bq.run('CREATE OR REPLACE TABLE hw3.yellow AS SELECT * FROM hw3.external_yellow')
    await bq.run('CREATE OR REPLACE TABLE hw3.yellow_partitioned PARTITION BY DATE(tpep_dropoff_datetime) CLUSTER BY VendorID AS SELECT * FROM hw3.external_yellow')
    const range = "DATE(tpep_dropoff_datetime) BETWEEN '2019-10-01' AND '2019-10-15'"
    const unpartitioned = (await bq.dryRun(`SELECT DISTINCT VendorID FROM hw3.yellow WHERE ${range}`)).bytesProcessed
    const partitioned = (await bq.dryRun(`SELECT DISTINCT VendorID FROM hw3.yellow_partitioned WHERE ${range}`)).bytesProcessed
    const inRange = await scalar(`SELECT 8 * (COUNT(VendorID) + COUNT(tpep_dropoff_datetime)) FROM hw3.yellow WHERE ${range}`)
    expect(unpartitioned).toBe(await scalar('SELECT 8 * (COUNT(VendorID) + COUNT(tpep_dropoff_datetime)) FROM hw3.yellow'))
    expect(partitioned).toBe(inRange)
    expect(partitioned).toBeLessThan(unpartitioned / 3)
    // A timestamp bound prunes the same days; a filter on another column prunes nothing.
    expect((await bq.dryRun("SELECT VendorID FROM hw3.yellow_partitioned WHERE tpep_dropoff_datetime >= TIMESTAMP '2019-10-01' AND tpep_dropoff_datetime < '2019-10-16'")).bytesProcessed).toBe(inRange)
    expect((await bq.dryRun('SELECT VendorID FROM hw3.yellow_partitioned WHERE VendorID = 1')).bytesProcessed).toBe(await scalar('SELECT 8 * COUNT(VendorID) FROM hw3.yellow'))
    // OR is not pruned by the estimate.
    expect((await bq.dryRun(`SELECT VendorID FROM hw3.yellow_partitioned WHERE ${range} OR VendorID = 1`)).bytesProcessed).toBe(unpartitioned)
    expect(bq.table('hw3', 'yellow_partitioned')).toMatchObject({ kind: 'native', partitioning: { column: 'tpep_dropoff_datetime', unit: 'DAY' }, clustering: ['VendorID'] })
  })
})

describe('statements', () => {
  it('resolves project.dataset.table to the course dataset and rejects unknown names like BigQuery', async () => {
    expect(await scalar('SELECT COUNT(*) FROM `learner-proj.nyc_taxi.taxi_zone_lookup`')).toBe(265)
    await expect(bq.run('SELECT * FROM nyc_taxi.no_such_table')).rejects.toThrow(/Not found: Table nyc_taxi.no_such_table/)
    await expect(bq.run('SELECT * FROM taxi_zone_lookup')).rejects.toThrow(/must be qualified with a dataset/)
    await expect(bq.run('SELECT no_such_column FROM nyc_taxi.taxi_zone_lookup')).rejects.toThrow(/Unrecognized name: no_such_column/)
  })

  it('keeps the course datasets read-only and refuses other statements', async () => {
    await expect(bq.run('CREATE TABLE nyc_taxi.mine AS SELECT 1 AS x')).rejects.toThrow(/Access Denied/)
    await expect(bq.run('DELETE FROM nyc_taxi.taxi_zone_lookup WHERE true')).rejects.toThrow(BigQueryRejectedError)
    await expect(bq.run('SELECT 1; SELECT 2')).rejects.toThrow(/exactly one statement/)
    await expect(bq.run("SELECT * FROM read_parquet('/etc/passwd')")).rejects.toThrow(/not supported locally/)
  })

  it('refuses CREATE TABLE over an existing name unless OR REPLACE / IF NOT EXISTS', async () => {
    await bq.run('CREATE OR REPLACE TABLE hw3.once AS SELECT 1 AS x')
    await expect(bq.run('CREATE TABLE hw3.once AS SELECT 2 AS x')).rejects.toThrow(/Already Exists/)
    await bq.run('CREATE TABLE IF NOT EXISTS hw3.once AS SELECT 2 AS x')
    expect(await scalar('SELECT x FROM hw3.once')).toBe(1)
  })

  it('validates partition and cluster columns as BigQuery does', async () => {
    await expect(bq.run('CREATE OR REPLACE TABLE hw3.bad PARTITION BY fare_amount AS SELECT * FROM nyc_taxi.yellow_tripdata')).rejects.toThrow(BigQueryRuntimeError)
    await expect(bq.run('CREATE OR REPLACE TABLE hw3.bad PARTITION BY tpep_pickup_datetime AS SELECT * FROM nyc_taxi.yellow_tripdata')).rejects.toThrow(/DATE/)
    await expect(bq.run('CREATE OR REPLACE TABLE hw3.bad CLUSTER BY no_such AS SELECT * FROM nyc_taxi.yellow_tripdata')).rejects.toThrow(/no_such/)
    await expect(bq.run('SELECT * FROM hw3.bad')).rejects.toThrow(/Not found/)
    await bq.run('CREATE OR REPLACE TABLE hw3.monthly PARTITION BY TIMESTAMP_TRUNC(tpep_pickup_datetime, MONTH) AS SELECT * FROM nyc_taxi.yellow_tripdata')
    expect(bq.table('hw3', 'monthly')?.partitioning).toEqual({ column: 'tpep_pickup_datetime', unit: 'MONTH' })
  })

  it('maps external uris to the course files by name and refuses others', async () => {
    await expect(bq.run("CREATE EXTERNAL TABLE hw3.nothing OPTIONS (format = 'PARQUET', uris = ['gs://b/green_tripdata_2030-*.parquet'])")).rejects.toThrow(/Not found: Files/)
    await expect(bq.run("CREATE EXTERNAL TABLE hw3.csv OPTIONS (format = 'CSV', uris = ['gs://b/x.csv'])")).rejects.toThrow(/not supported locally/)
    await bq.run("CREATE OR REPLACE EXTERNAL TABLE hw3.green_sep OPTIONS (format = 'PARQUET', uris = ['gs://b/green_tripdata_2019-09.parquet'])")
    await bq.run("CREATE OR REPLACE EXTERNAL TABLE hw3.green_autumn OPTIONS (format = 'PARQUET', uris = ['gs://other/path/green_tripdata_2019-1?.parquet'])")
    const parts = (await scalar('SELECT COUNT(*) FROM hw3.green_sep')) + (await scalar('SELECT COUNT(*) FROM hw3.green_autumn'))
    expect(await scalar('SELECT COUNT(*) FROM hw3.green_sep')).toBeGreaterThan(0)
    expect(parts).toBe(await scalar('SELECT COUNT(*) FROM nyc_taxi.green_tripdata'))
  })
})
