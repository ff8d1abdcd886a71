// Test data for the local BigQuery engine: the small nyc_taxi dataset exported as Parquet (the public
// variant and a pool of two hidden ones, other seeds) once per test file, and the LocalBigQuery
// options over it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { exportDataset } from '../../../datasets/nyc-taxi/export.ts'
import { variantSeed } from '../../../datasets/nyc-taxi/generate.ts'
import type { LocalBigQueryOptions } from '../local-engine.ts'
import { localDatasetsFromExport } from '../course-data.ts'
import type { BigQueryGradingData } from '../grade-bigquery-answer.ts'

/** The hidden pool's seeds: the built-in hidden seed and one more. */
const HIDDEN_SEEDS = [variantSeed('hidden'), 4242]

export interface ExportedTestData {
  dir: string
  /** 'hidden' is the first variant of the pool. */
  optionsFor(variant: 'public' | 'hidden'): LocalBigQueryOptions
  /** The public variant and the whole hidden pool, as the worker's data provider answers. */
  gradingData(): BigQueryGradingData
  remove(): Promise<void>
}

export async function exportTestData(): Promise<ExportedTestData> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bigquery-local-'))
  await exportDataset({ outDir: path.join(dir, 'public'), formats: ['parquet'], variant: 'public', size: 'small' })
  for (const [index, seed] of HIDDEN_SEEDS.entries()) {
    await exportDataset({ outDir: path.join(dir, `hidden-${index}`), formats: ['parquet'], variant: 'hidden', size: 'small', seed })
  }
  return {
    dir,
    optionsFor: (variant) => localDatasetsFromExport(path.join(dir, variant === 'public' ? 'public' : 'hidden-0')),
    gradingData: () => ({
      public: { options: localDatasetsFromExport(path.join(dir, 'public')), version: 'test' },
      hidden: HIDDEN_SEEDS.map((seed, index) => ({ options: localDatasetsFromExport(path.join(dir, `hidden-${index}`)), version: `test-${seed}` })),
    }),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
