// Grading on real BigQuery, against recorded REST exchanges served locally (the official client
// points its apiEndpoint at the replay server): the learner's names rewritten onto the variant's
// dataset, the same checks as the local engine, a hard-coded answer caught on the drawn hidden
// variant without leaking its values or its dataset, BigQuery's errors in the learner's names, the
// cost cap, scratch datasets for DDL, and variants loaded by load jobs once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LruPromiseCache } from '../../sql/reference-cache.ts'
import { HIDDEN_DATA_FAILED } from '../../sql/grade-sql-answer.ts'
import { bigQueryGradingQuestion } from '../bigquery-question.ts'
import { cloudCanGrade } from '../engine.ts'
import { type BigQueryGradingData, type BigQueryReferenceCache, gradeBigQueryAnswer, referenceOutcome } from '../grade-bigquery-answer.ts'
import type { BigQueryDataVariant } from '../session.ts'
import { CloudBigQuery } from './cloud-bigquery.ts'
import { cloudBigQueryData, cloudDatasetId } from './cloud-data.ts'
import {
  createDatasetExchange,
  datasetGetExchange,
  deleteDatasetExchange,
  dryRunMatching,
  errorExchange,
  jobGetExchange,
  loadUploadExchange,
  PROJECT,
  queryExchanges,
} from './testing/recorded-exchanges.ts'
import { type RecordedExchange, type ReplayServer, startReplayServer } from './testing/replay-server.ts'

let server: ReplayServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const PUBLIC_DS = 'syllabus_data_000000000000000000000001'
const HIDDEN_DS = 'syllabus_data_00000000000000000000000h'
const COUNT = [{ name: 'n', type: 'INTEGER' }]

async function cloudData(): Promise<{ cloud: CloudBigQuery; data: BigQueryGradingData; serve: (exchanges: RecordedExchange[]) => void }> {
  const exchanges: RecordedExchange[] = []
  server = await startReplayServer(exchanges)
  const cloud = new CloudBigQuery({ projectId: PROJECT, apiEndpoint: server.endpoint })
  const variant = (datasetId: string, version: string): BigQueryDataVariant => ({ options: { datasets: [] }, version, cloud: { engine: cloud, datasets: { nyc_taxi: datasetId } } })
  return { cloud, data: { public: variant(PUBLIC_DS, 'p'), hidden: [variant(HIDDEN_DS, 'h')] }, serve: (more) => exchanges.push(...more) }
}

const zeroFare = bigQueryGradingQuestion.parse({ id: 'hw3/zero-fare', solutionSql: 'SELECT COUNT(*) AS n FROM nyc_taxi.yellow_tripdata WHERE fare_amount = 0' })
const onPublic = new RegExp(`FROM \`${PROJECT}\`\\.\`${PUBLIC_DS}\`\\.\`yellow_tripdata\``)
const onHidden = new RegExp(`FROM \`${PROJECT}\`\\.\`${HIDDEN_DS}\`\\.\`yellow_tripdata\``)

/** The references on both variants, computed once (as the worker's cache keeps them). */
async function warmReferences(data: BigQueryGradingData, serve: (exchanges: RecordedExchange[]) => void): Promise<BigQueryReferenceCache> {
  const cache: BigQueryReferenceCache = new LruPromiseCache(16)
  serve([...queryExchanges('ref_public', 4_000, onPublic, COUNT, [['42']]), ...queryExchanges('ref_hidden', 4_400, onHidden, COUNT, [['57']])])
  await referenceOutcome(zeroFare, data.public, cache)
  await referenceOutcome(zeroFare, data.hidden![0]!, cache)
  return cache
}

describe('grading on real BigQuery (recorded exchanges)', { timeout: 60_000 }, () => {
  it('grades a right answer correct: the learner\'s project.nyc_taxi names run on the variant\'s dataset', async () => {
    const { data, serve } = await cloudData()
    const cache = await warmReferences(data, serve)
    serve([...queryExchanges('a1', 4_000, onPublic, COUNT, [['42']]), ...queryExchanges('a2', 4_400, onHidden, COUNT, [['57']])])
    const result = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'SELECT COUNT(*) AS n FROM `my-own-project.nyc_taxi.yellow_tripdata` WHERE fare_amount = 0', data, referenceCache: cache, drawHiddenVariant: () => 0 })
    expect(server!.problems()).toEqual([])
    expect(result.verdict).toBe('correct')
    expect(result.checks.map((entry) => entry.name)).toEqual(['parses', 'statement', 'runs', 'columns', 'rows', 'values', 'hidden-data'])
  })

  it('catches a hard-coded public answer on the hidden variant without showing its value or its dataset', async () => {
    const { data, serve } = await cloudData()
    const cache = await warmReferences(data, serve)
    serve([...queryExchanges('a1', 0, /^SELECT 42 AS n$/, COUNT, [['42']]), ...queryExchanges('a2', 0, /^SELECT 42 AS n$/, COUNT, [['42']])])
    const result = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'SELECT 42 AS n', data, referenceCache: cache, drawHiddenVariant: () => 0 })
    expect(server!.problems()).toEqual([])
    expect(result.checks.at(-1)).toMatchObject({ name: 'hidden-data', passed: false, message: HIDDEN_DATA_FAILED })
    // The hidden value (57) must be in no check; the whole result is searched for the dataset's name only,
    // since a two-digit value can also be a duration (a run of 57 ms once failed this test).
    expect(JSON.stringify(result.checks)).not.toContain('57')
    expect(JSON.stringify(result)).not.toContain(HIDDEN_DS)
  })

  it("reports BigQuery's error in the learner's own table names", async () => {
    const { data, serve } = await cloudData()
    const cache = await warmReferences(data, serve)
    serve([errorExchange(`POST /bigquery/v2/projects/${PROJECT}/jobs`, 404, 'notFound', `Not found: Table ${PROJECT}:${PUBLIC_DS}.yelow_tripdata was not found in location US`)])
    const result = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'SELECT COUNT(*) AS n FROM nyc_taxi.yelow_tripdata', data, referenceCache: cache })
    expect(server!.problems()).toEqual([])
    const runs = result.checks.find((entry) => entry.name === 'runs')!
    expect(runs.passed).toBe(false)
    expect(runs.message).toContain('BigQuery reported an error:')
    expect(runs.message).toContain('Not found: Table nyc_taxi.yelow_tripdata was not found in location US')
    expect(runs.message).not.toContain(PUBLIC_DS)
  })

  it('refuses a query over the cost cap after its dry run, without running it', async () => {
    const { data, serve } = await cloudData()
    const cache = await warmReferences(data, serve)
    serve([dryRunMatching(3 * 1024 ** 4, onPublic)])
    const result = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'SELECT COUNT(*) AS n FROM nyc_taxi.yellow_tripdata CROSS JOIN nyc_taxi.yellow_tripdata AS b', data, referenceCache: cache })
    expect(server!.problems()).toEqual([])
    expect(result.checks.find((entry) => entry.name === 'runs')?.message).toMatch(/would process 3.00 TB, more than this course allows per query/)
  })

  it('refuses what must not reach the project: other statements, INFORMATION_SCHEMA, writing to the course data (no request made)', async () => {
    const { data, serve } = await cloudData()
    const cache = await warmReferences(data, serve)
    const before = server!.requests.length
    const drop = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'DROP TABLE nyc_taxi.yellow_tripdata', data, referenceCache: cache })
    expect(drop.verdict).toBe('invalid')
    const jobs = await gradeBigQueryAnswer({ question: zeroFare, answerSql: 'SELECT COUNT(*) AS n FROM `region-us`.INFORMATION_SCHEMA.JOBS', data, referenceCache: cache })
    expect(jobs.checks.find((entry) => !entry.passed)?.message).toMatch(/not supported on this course's BigQuery: INFORMATION_SCHEMA/)
    expect(server!.requests.length).toBe(before)
  })

  it('runs DDL in a scratch dataset of the run, deleted afterwards, and grades the check query', async () => {
    const { data, serve } = await cloudData()
    const question = bigQueryGradingQuestion.parse({
      id: 'hw3/partitioned',
      statements: ['create_table'],
      solutionSql: 'CREATE OR REPLACE TABLE hw3.yellow_partitioned PARTITION BY DATE(tpep_dropoff_datetime) AS SELECT * FROM nyc_taxi.yellow_tripdata',
      check_query: "SELECT COUNT(*) AS n FROM hw3.yellow_partitioned WHERE DATE(tpep_dropoff_datetime) = '2019-10-01'",
      compare: { estimate: true },
    })
    const intoScratch = /^CREATE (?:OR REPLACE )?TABLE `syllabus-test-project`\.`syllabus_scratch_[0-9a-f]{12}`\.`hw3__yellow_partitioned` PARTITION BY DATE\(tpep_dropoff_datetime\) AS SELECT \* FROM `syllabus-test-project`\.`syllabus_data_0+1`/
    const check = /FROM `syllabus-test-project`\.`syllabus_scratch_[0-9a-f]{12}`\.`hw3__yellow_partitioned`/
    const ddl = (jobId: string) => queryExchanges(jobId, 1_000_000, intoScratch, [], [])
    const cache: BigQueryReferenceCache = new LruPromiseCache(4)
    serve([createDatasetExchange(), ...ddl('ref_ddl'), ...queryExchanges('ref_check', 16_000, check, COUNT, [['310']]), deleteDatasetExchange()])
    await referenceOutcome(question, data.public, cache)
    serve([createDatasetExchange(), ...ddl('a_ddl'), ...queryExchanges('a_check', 16_000, check, COUNT, [['310']]), deleteDatasetExchange()])
    const result = await gradeBigQueryAnswer({ question, answerSql: 'CREATE TABLE hw3.yellow_partitioned PARTITION BY DATE(tpep_dropoff_datetime) AS SELECT * FROM nyc_taxi.yellow_tripdata', data: { public: data.public }, referenceCache: cache })
    expect(server!.problems()).toEqual([])
    expect(result.verdict).toBe('correct')
    expect(result.checks.find((entry) => entry.name === 'estimate')?.message).toMatch(/would process 15.63 KB, as expected/)
  })

  it('loads a variant by load jobs once, then finds it loaded by its label', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bq-cloud-data-'))
    try {
      const files = ['yellow_tripdata_2019-09.parquet', 'yellow_tripdata_2019-10.parquet'].map((name) => path.join(dir, 'public-small-parquet-1', name))
      await rm(path.dirname(files[0]!), { recursive: true, force: true })
      await import('node:fs/promises').then(({ mkdir }) => mkdir(path.dirname(files[0]!), { recursive: true }))
      for (const file of files) await writeFile(file, Buffer.from('PAR1 recorded bytes PAR1'))
      const local: BigQueryDataVariant = { options: { datasets: [{ name: 'nyc_taxi', tables: [{ name: 'yellow_tripdata', files }] }] }, version: '1@100' }
      const datasetId = cloudDatasetId(local, 'nyc_taxi')
      expect(datasetId).toMatch(/^syllabus_data_[0-9a-f]{24}$/)
      const exchanges: RecordedExchange[] = [
        errorExchange(`GET /bigquery/v2/projects/${PROJECT}/datasets/${datasetId}`, 404, 'notFound', `Not found: Dataset ${PROJECT}:${datasetId}`),
        errorExchange(`GET /bigquery/v2/projects/${PROJECT}/datasets/${datasetId}`, 404, 'notFound', `Not found: Dataset ${PROJECT}:${datasetId}`),
        { request: `POST /bigquery/v2/projects/${PROJECT}/datasets`, response: { kind: 'bigquery#dataset', datasetReference: { projectId: PROJECT, datasetId }, location: 'US' } },
        loadUploadExchange('load_1'),
        jobGetExchange('load_1', 'DONE'),
        { ...loadUploadExchange('load_2'), expectBody: (_body, raw) => expect(raw).toMatch(/"writeDisposition":"WRITE_APPEND"/) },
        jobGetExchange('load_2', 'DONE'),
        { request: `PATCH /bigquery/v2/projects/${PROJECT}/datasets/${datasetId}`, expectBody: (body) => expect((body as { labels: Record<string, string> }).labels.data_version).toMatch(/^[0-9a-f]{16}$/), response: { kind: 'bigquery#dataset' } },
      ]
      server = await startReplayServer(exchanges)
      const cloud = new CloudBigQuery({ projectId: PROJECT, apiEndpoint: server.endpoint })
      const provider = cloudBigQueryData(cloud, async () => ({ public: local }))
      const loaded = await provider('nyc_taxi')
      expect(loaded.public.cloud?.datasets).toEqual({ nyc_taxi: datasetId })
      expect(server.problems()).toEqual([])
      const version = (server.requests.at(-1)!.body as { labels: Record<string, string> }).labels.data_version!
      // Another process (or a restart) finds the dataset loaded: one metadata read, no load job.
      await server.close()
      server = await startReplayServer([datasetGetExchange(datasetId, { app: 'syllabus', purpose: 'course-data', data_version: version })])
      const again = cloudBigQueryData(new CloudBigQuery({ projectId: PROJECT, apiEndpoint: server.endpoint }), async () => ({ public: local }))
      expect((await again('nyc_taxi')).public.cloud?.datasets).toEqual({ nyc_taxi: datasetId })
      expect(server.problems()).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('leaves questions with external tables to the local engine', () => {
    expect(cloudCanGrade(zeroFare)).toBe(true)
    expect(cloudCanGrade({ ...zeroFare, setup: ["CREATE OR REPLACE EXTERNAL TABLE hw3.ext OPTIONS (format = 'PARQUET', uris = ['gs://b/*.parquet'])"] })).toBe(false)
    expect(cloudCanGrade({ ...zeroFare, statements: ['create_external_table'] })).toBe(false)
  })
})
