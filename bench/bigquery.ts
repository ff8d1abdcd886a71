// `npm run bench:bigquery [-- --samples N]`
// Benchmarks the local BigQuery engine on the small nyc_taxi dataset (exported to a temporary folder):
//   1. grade latency p50/p99 of a right answer (public + hidden variant, reference cached), for a
//      query on a course table and for a question with setup statements (external + native table);
//   2. dry-run estimate time p50/p99 (a session, the setup, the estimate);
//   3. the parts: opening a session, translating a statement, running it.
// Prints a table; copy it into docs/benchmarks.md.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { exportDataset } from '../datasets/nyc-taxi/export.ts'
import { bigQueryGradingQuestion } from '../graders/bigquery/bigquery-question.ts'
import { localDatasetsFromExport } from '../graders/bigquery/course-data.ts'
import { dryRunBigQueryAnswer } from '../graders/bigquery/dry-run.ts'
import { type BigQueryGradingData, gradeBigQueryAnswer } from '../graders/bigquery/grade-bigquery-answer.ts'
import { LocalBigQuery } from '../graders/bigquery/local-engine.ts'

const { values: flags } = parseArgs({ args: process.argv.slice(2), options: { samples: { type: 'string', default: '30' } } })
const samples = Number(flags.samples)

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const log = (message: string) => process.stderr.write(`${message}\n`)

async function measure(label: string, run: () => Promise<unknown>): Promise<[string, number, number]> {
  await run() // warm-up: caches (table statistics, reference results) filled once, as in a running worker
  const times: number[] = []
  for (let index = 0; index < samples; index++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  log(`${label}: done`)
  return [label, percentile(times, 0.5), percentile(times, 0.99)]
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-bigquery-'))
try {
  log('exporting the small nyc_taxi dataset (public and hidden) as Parquet…')
  for (const variant of ['public', 'hidden'] as const) await exportDataset({ outDir: path.join(dir, variant), formats: ['parquet'], variant, size: 'small' })
  const data: BigQueryGradingData = {
    public: { options: localDatasetsFromExport(path.join(dir, 'public')), version: 'bench' },
    hidden: [{ options: localDatasetsFromExport(path.join(dir, 'hidden')), version: 'bench' }],
  }
  const external = "CREATE OR REPLACE EXTERNAL TABLE hw3.external_yellow OPTIONS (format = 'PARQUET', uris = ['gs://bucket/yellow_tripdata_2019-*.parquet'])"
  const plain = bigQueryGradingQuestion.parse({
    id: 'bench/zero-fare',
    solutionSql: 'SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata WHERE fare_amount = 0',
  })
  const withSetup = bigQueryGradingQuestion.parse({
    id: 'bench/partitioned',
    setup: [external, 'CREATE OR REPLACE TABLE hw3.yellow_partitioned PARTITION BY DATE(tpep_dropoff_datetime) CLUSTER BY VendorID AS SELECT * FROM hw3.external_yellow'],
    solutionSql: "SELECT DISTINCT VendorID FROM hw3.yellow_partitioned WHERE DATE(tpep_dropoff_datetime) BETWEEN '2019-10-01' AND '2019-10-15'",
    compare: { estimate: true },
  })
  const rows: [string, number, number][] = []
  rows.push(await measure('grade: query on a course table (public + hidden)', async () => {
    const result = await gradeBigQueryAnswer({ question: plain, answerSql: 'SELECT COUNT(*) AS n FROM `p.nyc_taxi.yellow_tripdata` WHERE fare_amount = 0', data })
    if (result.verdict !== 'correct') throw new Error(`unexpected verdict ${result.verdict}`)
  }))
  rows.push(await measure('grade: setup (external + partitioned CTAS) + estimate check', async () => {
    const result = await gradeBigQueryAnswer({ question: withSetup, answerSql: withSetup.solutionSql, data })
    if (result.verdict !== 'correct') throw new Error(`unexpected verdict ${result.verdict}`)
  }))
  rows.push(await measure('dry-run estimate: course table', () => dryRunBigQueryAnswer({ setup: [] }, data.public, 'SELECT PULocationID, DOLocationID FROM nyc_taxi.yellow_tripdata')))
  rows.push(await measure('dry-run estimate: after setup (external + partitioned CTAS)', () => dryRunBigQueryAnswer(withSetup, data.public, withSetup.solutionSql)))
  rows.push(await measure('open a session (DuckDB + views, statistics cached)', async () => (await LocalBigQuery.open(data.public.options)).close()))
  const session = await LocalBigQuery.open(data.public.options)
  rows.push(await measure('translate + estimate only (session open)', () => session.dryRun('SELECT COUNT(DISTINCT PULocationID) FROM nyc_taxi.yellow_tripdata')))
  rows.push(await measure('translate + run (session open)', () => session.run('SELECT COUNT(DISTINCT PULocationID) FROM nyc_taxi.yellow_tripdata')))
  session.close()
  console.log(`\n| Local BigQuery engine, small data, ${samples} samples | p50 | p99 |\n|---|---|---|`)
  for (const [label, p50, p99] of rows) console.log(`| ${label} | ${p50.toFixed(1)} ms | ${p99.toFixed(1)} ms |`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
