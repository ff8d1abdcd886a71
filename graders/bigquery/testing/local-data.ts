// Test data for the local BigQuery engine: the small nyc_taxi dataset exported as Parquet (public and
// hidden variants) once per test file, and the LocalBigQuery options over it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { exportDataset } from '../../../datasets/nyc-taxi/export.ts'
import type { LocalBigQueryOptions } from '../local-engine.ts'
import { localDatasetsFromExport } from '../course-data.ts'

export interface ExportedTestData {
  dir: string
  optionsFor(variant: 'public' | 'hidden'): LocalBigQueryOptions
  remove(): Promise<void>
}

export async function exportTestData(): Promise<ExportedTestData> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bigquery-local-'))
  for (const variant of ['public', 'hidden'] as const) {
    await exportDataset({ outDir: path.join(dir, variant), formats: ['parquet'], variant, size: 'small' })
  }
  return {
    dir,
    optionsFor: (variant) => localDatasetsFromExport(path.join(dir, variant)),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
