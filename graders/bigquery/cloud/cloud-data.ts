// The course's datasets on real BigQuery: each variant the local data provider exports (the public
// one and the hidden pool) is loaded by load jobs from its Parquet files into a dataset of the course's
// project, once, named by a digest of its folder name and version (opaque: the name says nothing of
// the seed). A dataset is marked loaded (label data_version) only after every table is in, so a
// half-loaded one is loaded again. Hidden variants' tables expire by themselves some time after their
// slot has rotated away; learners never see these names (cloud-statement.ts maps nyc_taxi.* to them).
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { BigQueryGradingData } from '../grade-bigquery-answer.ts'
import type { BigQueryDataVariant } from '../session.ts'
import type { CloudBigQuery } from './cloud-bigquery.ts'

export interface CloudBigQueryDataOptions {
  /** Tables of hidden variants expire this long after loading (the pool rotates them away before). */
  hiddenTableExpirationMs?: number
}

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

/** The BigQuery dataset of one variant's copy of a course dataset. */
export function cloudDatasetId(variant: BigQueryDataVariant, dataset: string): string {
  const folder = path.dirname(variant.options.datasets.find((entry) => entry.name === dataset)?.tables[0]?.files[0] ?? '')
  return `syllabus_data_${digest(`${dataset}|${path.basename(folder)}|${variant.version}`, 24)}`
}

async function isLoaded(cloud: CloudBigQuery, datasetId: string, version: string): Promise<boolean> {
  try {
    const [metadata] = await cloud.client.dataset(datasetId).getMetadata()
    return metadata?.labels?.data_version === version
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false
    throw error
  }
}

async function loadVariant(cloud: CloudBigQuery, variant: BigQueryDataVariant, hidden: boolean, options: CloudBigQueryDataOptions): Promise<Record<string, string>> {
  const datasets: Record<string, string> = {}
  const version = digest(variant.version, 16)
  for (const dataset of variant.options.datasets) {
    const datasetId = cloudDatasetId(variant, dataset.name)
    datasets[dataset.name] = datasetId
    if (await isLoaded(cloud, datasetId, version)) continue
    const labels = { ...cloud.config.labels, purpose: 'course-data' }
    const handle = cloud.client.dataset(datasetId)
    const [exists] = await handle.exists()
    if (!exists) {
      await cloud.client.createDataset(datasetId, {
        location: cloud.config.location,
        labels,
        ...(hidden ? { defaultTableExpirationMs: String(options.hiddenTableExpirationMs ?? 3 * 6 * 60 * 60 * 1000) } : {}),
      })
    }
    for (const table of dataset.tables) {
      for (const [index, file] of table.files.entries()) await cloud.loadParquet(datasetId, table.name, file, index === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND')
    }
    await handle.setMetadata({ labels: { ...labels, data_version: version } })
  }
  return datasets
}

/** Loads variants into BigQuery once per process (per variant), and answers them with `cloud` set. */
export function cloudVariantLoader(cloud: CloudBigQuery, options: CloudBigQueryDataOptions = {}) {
  const loaded = new Map<string, Promise<Record<string, string>>>()
  return async (variant: BigQueryDataVariant, hidden: boolean): Promise<BigQueryDataVariant> => {
    const key = `${JSON.stringify(variant.options)}@${variant.version}`
    let datasets = loaded.get(key)
    if (!datasets) {
      datasets = loadVariant(cloud, variant, hidden, options)
      loaded.set(key, datasets)
      datasets.catch(() => loaded.delete(key))
    }
    return { ...variant, cloud: { engine: cloud, datasets: await datasets } }
  }
}

/**
 * Grading data on real BigQuery: the local provider's variants (exported as before), each loaded into
 * BigQuery on first use, with `cloud` set so sessions run there.
 */
export function cloudBigQueryData(
  cloud: CloudBigQuery,
  local: (dataset: string) => Promise<BigQueryGradingData>,
  options: CloudBigQueryDataOptions = {},
): (dataset: string) => Promise<BigQueryGradingData> {
  const inCloud = cloudVariantLoader(cloud, options)
  return async (dataset) => {
    const data = await local(dataset)
    const publicVariant = await inCloud(data.public, false)
    const hidden: BigQueryDataVariant[] = []
    for (const variant of data.hidden ?? []) hidden.push(await inCloud(variant, true))
    return { public: publicVariant, hidden }
  }
}
