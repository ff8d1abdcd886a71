// The BigQuery engine end to end on the local engine: the same checks and feedback as PostgreSQL
// questions, estimate grading, hidden variants that never leak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HIDDEN_DATA_FAILED } from '../sql/grade-sql-answer.ts'
import { LruPromiseCache } from '../sql/reference-cache.ts'
import { bigQueryGradingQuestion, type BigQueryGradingQuestionInput } from './bigquery-question.ts'
import { dryRunBigQueryAnswer } from './dry-run.ts'
import { type BigQueryGradingData, type BigQueryReferenceCache, gradeBigQueryAnswer } from './grade-bigquery-answer.ts'
import { type ExportedTestData, exportTestData } from './testing/local-data.ts'

let data: ExportedTestData
let grading: BigQueryGradingData

beforeAll(async () => {
  data = await exportTestData()
  grading = data.gradingData()
}, 60_000)

afterAll(async () => {
  await data?.remove()
})

const EXTERNAL = "CREATE OR REPLACE EXTERNAL TABLE `hw3.external_yellow` OPTIONS (format = 'PARQUET', uris = ['gs://bucket/yellow_tripdata_2019-*.parquet'])"
const NATIVE = 'CREATE OR REPLACE TABLE hw3.yellow AS SELECT * FROM hw3.external_yellow'

async function grade(input: BigQueryGradingQuestionInput, answerSql: string) {
  const question = bigQueryGradingQuestion.parse(input)
  return gradeBigQueryAnswer({ question, answerSql, data: grading, referenceCache: new LruPromiseCache(16) })
}

const failed = (result: Awaited<ReturnType<typeof grade>>) => result.checks.find((entry) => !entry.passed)

describe('gradeBigQueryAnswer', { timeout: 120_000 }, () => {
  const distinct = { id: 'hw3/distinct', solutionSql: 'SELECT COUNT(DISTINCT PULocationID) FROM nyc_taxi.yellow_tripdata' }

  it('grades a right answer correct, with the same check names as PostgreSQL questions', async () => {
    const result = await grade(distinct, 'SELECT COUNT(DISTINCT t.PULocationID) AS n FROM `my-proj.nyc_taxi.yellow_tripdata` AS t')
    expect(result.verdict).toBe('correct')
    expect(result.engine).toBe('bigquery')
    expect(result.checks.map((entry) => entry.name)).toEqual(['parses', 'statement', 'runs', 'columns', 'rows', 'values', 'hidden-data'])
  })

  it('shows public values when a value differs', async () => {
    const result = await grade(distinct, 'SELECT COUNT(PULocationID) FROM nyc_taxi.yellow_tripdata')
    expect(result.verdict).toBe('incorrect')
    expect(failed(result)?.name).toBe('values')
  })

  // Several sessions on a shared machine: a generous timeout (speed is bench:bigquery's business).
  it('catches a hard-coded public answer on whichever hidden variant the attempt draws, without showing the hidden value', { timeout: 120_000 }, async () => {
    // The public count, typed in as a constant.
    const { LocalBigQuery } = await import('./local-engine.ts')
    const countIn = async (options: typeof grading.public.options) => {
      const session = await LocalBigQuery.open(options)
      try {
        return (await session.run(distinct.solutionSql)).result.rows[0]![0]
      } finally {
        session.close()
      }
    }
    const publicValue = await countIn(grading.public.options)
    const hiddenValues = await Promise.all(grading.hidden!.map((variant) => countIn(variant.options)))
    // The planted facts move with the seed: each hidden variant has its own count.
    expect(new Set([publicValue, ...hiddenValues]).size).toBe(3)
    for (const draw of [0, 1]) {
      const result = await gradeBigQueryAnswer({ question: bigQueryGradingQuestion.parse(distinct), answerSql: `SELECT ${publicValue}`, data: grading, referenceCache: new LruPromiseCache(16), drawHiddenVariant: () => draw })
      expect(failed(result)?.name).toBe('hidden-data')
      const shown = JSON.stringify(result)
      // The values are searched in the checks only: a count can also be a run's duration in milliseconds.
      for (const hidden of hiddenValues) expect(JSON.stringify(result.checks)).not.toContain(String(hidden))
      // Nothing names the variant: neither its folder nor its seed.
      for (const variant of grading.hidden!) expect(shown).not.toContain(variant.options.datasets[0]!.tables[0]!.files[0]!.split('/').at(-2)!)
      expect(shown).not.toContain('4242')
    }
  })

  it('draws the hidden variant per attempt and checks the answer on the drawn one', { timeout: 120_000 }, async () => {
    const question = bigQueryGradingQuestion.parse(distinct)
    const cache: BigQueryReferenceCache = new LruPromiseCache(16)
    const { LocalBigQuery } = await import('./local-engine.ts')
    const session = await LocalBigQuery.open(grading.hidden![1]!.options)
    const rowsOfSecond = (await session.run('SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata')).result.rows[0]![0]
    session.close()
    // An answer right on the public data and on variant 0, wrong on variant 1 (it recognises variant 1 by its row count).
    const wrongOnSecond = `SELECT CASE WHEN COUNT(*) = ${rowsOfSecond} THEN -1 ELSE COUNT(DISTINCT PULocationID) END FROM nyc_taxi.yellow_tripdata`
    const drawnFirst = await gradeBigQueryAnswer({ question, answerSql: wrongOnSecond, data: grading, referenceCache: cache, drawHiddenVariant: () => 0 })
    expect(drawnFirst.verdict).toBe('correct')
    const drawnSecond = await gradeBigQueryAnswer({ question, answerSql: wrongOnSecond, data: grading, referenceCache: cache, drawHiddenVariant: () => 1 })
    expect(failed(drawnSecond)?.name).toBe('hidden-data')
    expect(drawnSecond.checks.find((entry) => entry.name === 'hidden-data')?.message).toBe(HIDDEN_DATA_FAILED)
  })

  it('is invalid (no attempt used) for a syntax error or something the local engine does not support', async () => {
    const syntax = await grade(distinct, 'SELEC COUNT(*) FROM nyc_taxi.yellow_tripdata')
    expect(syntax.verdict).toBe('invalid')
    expect(failed(syntax)?.name).toBe('parses')
    const unsupported = await grade(distinct, 'SELECT ARRAY_AGG(PULocationID LIMIT 3) FROM nyc_taxi.yellow_tripdata')
    expect(unsupported.verdict).toBe('invalid')
    expect(failed(unsupported)?.message).toMatch(/^not supported locally: ARRAY_AGG/)
  })

  it('reports a runtime error in BigQuery words with the caret feedback', async () => {
    const result = await grade(distinct, 'SELECT COUNT(DISTINCT pickup_location) FROM nyc_taxi.yellow_tripdata')
    expect(failed(result)?.name).toBe('runs')
    expect(failed(result)?.message).toContain('Unrecognized name: pickup_location')
  })

  it('grades the byte estimate: the external table estimates 0 B, the materialized one does not', async () => {
    const question = { id: 'hw3/external-estimate', setup: [EXTERNAL, NATIVE], solutionSql: 'SELECT COUNT(DISTINCT PULocationID) FROM hw3.external_yellow', compare: { estimate: true } }
    expect((await grade(question, 'SELECT COUNT(DISTINCT PULocationID) FROM `proj.hw3.external_yellow`')).verdict).toBe('correct')
    const native = await grade(question, 'SELECT COUNT(DISTINCT PULocationID) FROM hw3.yellow')
    expect(failed(native)?.name).toBe('estimate')
    expect(failed(native)?.message).toMatch(/would process [\d.]+ KB when run; the expected statement processes 0 B/)
  })

  it('grades a partition and cluster choice through the check query\'s estimate', async () => {
    const question = {
      id: 'hw3/layout',
      setup: [EXTERNAL],
      statements: ['create_table' as const],
      solutionSql: 'CREATE OR REPLACE TABLE hw3.optimized PARTITION BY DATE(tpep_dropoff_datetime) CLUSTER BY VendorID AS SELECT * FROM hw3.external_yellow',
      check_query: "SELECT DISTINCT VendorID FROM hw3.optimized WHERE DATE(tpep_dropoff_datetime) BETWEEN '2019-10-01' AND '2019-10-15' ORDER BY VendorID",
      compare: { estimate: true },
    }
    const right = await grade(question, 'CREATE TABLE hw3.optimized PARTITION BY DATE(tpep_dropoff_datetime) CLUSTER BY VendorID AS SELECT * FROM hw3.external_yellow')
    expect(right.verdict).toBe('correct')
    const unpartitioned = await grade(question, 'CREATE TABLE hw3.optimized CLUSTER BY tpep_dropoff_datetime, VendorID AS SELECT * FROM hw3.external_yellow')
    expect(failed(unpartitioned)?.name).toBe('estimate')
    const query = await grade(question, 'SELECT 1')
    expect(query.verdict).toBe('invalid')
    expect(failed(query)?.name).toBe('statement')
  })

  it('dry-runs an answer into the console sentence', async () => {
    const answer = await dryRunBigQueryAnswer({ setup: [EXTERNAL] }, grading.public, 'SELECT COUNT(DISTINCT PULocationID) FROM hw3.external_yellow')
    expect(answer).toEqual({ ok: true, bytesProcessed: 0, message: 'This query will process 0 B when run.' })
    const bad = await dryRunBigQueryAnswer({ setup: [] }, grading.public, 'SELECT * FROM nope.t')
    expect(bad).toEqual({ ok: false, message: 'Not found: Dataset nope was not found' })
  })
})
