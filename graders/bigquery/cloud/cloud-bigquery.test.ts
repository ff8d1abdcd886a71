// The real BigQuery adapter against recorded REST exchanges served locally (the client's apiEndpoint
// points at the replay server): dry run first, the cost cap, job options, results as text, scratch
// datasets, load jobs. The live test at the end runs only when BIGQUERY_PROJECT_ID and credentials exist.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BigQueryRuntimeError } from '../errors.ts'
import { CloudBigQuery } from './cloud-bigquery.ts'
import { readEnv } from '../../../server/env.ts'
import { cloudBigQueryConfigFromEnv } from './config.ts'
import {
  cancelExchange,
  createDatasetExchange,
  deleteDatasetExchange,
  dryRunExchange,
  jobGetExchange,
  loadUploadExchange,
  PROJECT,
  queryJobExchange,
  queryResultsExchange,
} from './testing/recorded-exchanges.ts'
import { type RecordedExchange, type ReplayServer, startReplayServer } from './testing/replay-server.ts'

let server: ReplayServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function cloudWith(exchanges: RecordedExchange[], cap = 1024 ** 3) {
  server = await startReplayServer(exchanges)
  return new CloudBigQuery({ projectId: PROJECT, apiEndpoint: server.endpoint, maximumBytesBilled: cap })
}

const SQL = 'SELECT PULocationID, COUNT(*) AS trips, MIN(tpep_pickup_datetime) AS first_pickup, AVG(fare_amount) AS avg_fare FROM nyc_taxi.yellow_tripdata GROUP BY 1'

describe('CloudBigQuery (recorded exchanges)', () => {
  it('dry-runs, then runs with maximumBytesBilled, a timeout and labels, and returns text rows', async () => {
    const cloud = await cloudWith([dryRunExchange(162_656_744, SQL), queryJobExchange('job_1', 1024 ** 3), queryResultsExchange('job_1'), jobGetExchange('job_1', 'DONE')])
    const outcome = await cloud.run(SQL)
    expect(server!.problems()).toEqual([])
    expect(outcome.bytesProcessed).toBe(162_656_744)
    expect(outcome.bytesBilled).toBe(163_577_856)
    expect(outcome.result.columns.map((column) => column.typeName)).toEqual(['INT64', 'INT64', 'TIMESTAMP', 'FLOAT64'])
    expect(outcome.result.rows).toEqual([
      ['132', '5912', '2019-10-01 08:00:00.000000+00', '52.5'],
      ['138', '4023', '2019-10-01 08:05:00.000000+00', null],
    ])
  })

  it('refuses a query over the cost cap after the dry run, without starting a job', async () => {
    const cloud = await cloudWith([dryRunExchange(5 * 1024 ** 4)], 1024 ** 3)
    await expect(cloud.run(SQL)).rejects.toThrow(/would process 5.00 TB, more than this course allows per query \(1.00 GB\)/)
    expect(server!.problems()).toEqual([])
    expect(server!.requests).toHaveLength(1)
  })

  it('cancels a job that does not finish in time', async () => {
    const cloud = await cloudWith([dryRunExchange(1000), queryJobExchange('job_2', 1024 ** 3), queryResultsExchange('job_2', false), cancelExchange('job_2')])
    await expect(cloud.run(SQL)).rejects.toThrow(/cancelled/)
    expect(server!.problems()).toEqual([])
  })

  it('turns a 400 from BigQuery into the learner-facing error', async () => {
    const cloud = await cloudWith([
      {
        request: `POST /bigquery/v2/projects/${PROJECT}/jobs`,
        status: 400,
        response: { error: { code: 400, message: 'Unrecognized name: nope at [1:8]', errors: [{ message: 'Unrecognized name: nope at [1:8]', domain: 'global', reason: 'invalidQuery', location: 'q', locationType: 'parameter' }], status: 'INVALID_ARGUMENT' } },
      },
    ])
    await expect(cloud.run('SELECT nope')).rejects.toThrow(BigQueryRuntimeError)
    expect(server!.problems()).toEqual([])
  })

  it('creates a scratch dataset with a default table expiration and deletes it with its contents', async () => {
    const cloud = await cloudWith([createDatasetExchange(), dryRunExchange(0), deleteDatasetExchange()])
    const bytes = await cloud.withScratchDataset((datasetId) => cloud.dryRun('CREATE TABLE t AS SELECT 1 AS x', { defaultDataset: datasetId }))
    expect(bytes).toBe(0)
    expect(server!.problems()).toEqual([])
    const dryRunBody = server!.requests[1]!.body as { configuration: { query: { defaultDataset: { datasetId: string } } } }
    expect(dryRunBody.configuration.query.defaultDataset.datasetId).toMatch(/^syllabus_scratch_/)
  })

  it('loads a Parquet file by a load job and waits for it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bq-load-'))
    const file = path.join(dir, 'yellow_tripdata_2019-10.parquet')
    await writeFile(file, Buffer.from('PAR1 recorded bytes PAR1'))
    try {
      const cloud = await cloudWith([loadUploadExchange('load_1'), jobGetExchange('load_1', 'DONE')])
      await cloud.loadParquet('nyc_taxi', 'yellow_tripdata', file)
      expect(server!.problems()).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

const live = cloudBigQueryConfigFromEnv(readEnv())
describe.runIf(live !== null)('CloudBigQuery (live, only with credentials)', () => {
  it('dry-runs and runs a tiny query under the cap, in a scratch dataset deleted afterwards', async () => {
    const cloud = new CloudBigQuery({ ...live!, maximumBytesBilled: 10 * 1024 ** 2 })
    const outcome = await cloud.withScratchDataset(async (datasetId) => {
      await cloud.run('CREATE TABLE numbers AS SELECT x FROM UNNEST([1, 2, 3]) AS x', { defaultDataset: datasetId })
      expect(await cloud.dryRun('SELECT x FROM numbers', { defaultDataset: datasetId })).toBe(24)
      return cloud.run('SELECT SUM(x) AS total FROM numbers', { defaultDataset: datasetId })
    })
    expect(outcome.result.rows).toEqual([['6']])
  }, 120_000)
})
