// The Parquet files the local engine reads, per dataset variant: exported once under a data folder
// (<dir>/<variant>-small-parquet-<seed>/) by the same generator as the
// PostgreSQL datasets, so both engines grade on the same rows.
import { access, mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { exportDataset } from '../../datasets/nyc-taxi/export.ts'
import { variantSeed } from '../../datasets/nyc-taxi/generate.ts'
import { NYC_TAXI_SCHEMA } from '../../datasets/nyc-taxi/schema.ts'
import { localDatasetsFromExport } from './course-data.ts'
import type { BigQueryDataVariant, BigQueryGradingData } from './grade-bigquery-answer.ts'

const VARIANTS = ['public', 'hidden'] as const
type Variant = (typeof VARIANTS)[number]

async function hasAllFiles(folder: string): Promise<boolean> {
  const { datasets } = localDatasetsFromExport(folder)
  const files = datasets.flatMap((dataset) => dataset.tables.flatMap((table) => table.files))
  const present = await Promise.all(files.map((file) => access(file).then(() => true, () => false)))
  return present.every(Boolean)
}

/** Exports the variant's Parquet files unless they are there; a half-written export never becomes visible. */
async function ensureExport(folder: string, variant: Variant): Promise<void> {
  if (await hasAllFiles(folder)) return
  const partial = `${folder}.partial-${process.pid}`
  await rm(partial, { recursive: true, force: true })
  await mkdir(path.dirname(folder), { recursive: true })
  await exportDataset({ outDir: partial, formats: ['parquet'], variant, size: 'small' })
  await rm(folder, { recursive: true, force: true })
  await rename(partial, folder)
}

/**
 * The grading data of a dataset, exporting it on first use. `dir` holds one folder per variant
 * (e.g. .data/datasets/nyc_taxi). Only nyc_taxi exists today; another name is unavailable.
 */
export function localBigQueryData(dir: string): (dataset: string) => Promise<BigQueryGradingData> {
  let ready: Promise<BigQueryGradingData> | null = null
  return (dataset) => {
    if (dataset !== NYC_TAXI_SCHEMA) return Promise.reject(new Error(`The local BigQuery engine has no dataset ${dataset}`))
    ready ??= (async () => {
      const variants = {} as Record<Variant, BigQueryDataVariant>
      for (const variant of VARIANTS) {
        // The seed is in the name: an operator who changes the hidden seed gets a fresh export.
        const folder = path.join(dir, `${variant}-small-parquet-${variantSeed(variant)}`)
        await ensureExport(folder, variant)
        const info = await stat(folder)
        variants[variant] = { options: localDatasetsFromExport(folder), version: String(info.mtimeMs) }
      }
      return variants
    })().catch((error: unknown) => {
      ready = null
      throw error
    })
    return ready
  }
}

/** Where the exported files live under the data folder (SYLLABUS_DATA_DIR): <dataDir>/bigquery/nyc_taxi. */
export function bigQueryDataDirIn(dataDir: string): string {
  return path.resolve(dataDir, 'bigquery', NYC_TAXI_SCHEMA)
}
