// Where a grading run's statements execute: the local engine (DuckDB over the variant's Parquet files,
// the default) or real BigQuery (the variant loaded into a dataset of the course's project), behind
// the same run / dryRun / close.
import type { CloudBigQuery } from './cloud/cloud-bigquery.ts'
import { CloudBigQuerySession } from './cloud/cloud-session.ts'
import { type DryRunOutcome, LocalBigQuery, type LocalBigQueryOptions, type RunOutcome } from './local-engine.ts'

export interface BigQuerySession {
  dryRun(sql: string): Promise<DryRunOutcome>
  run(sql: string): Promise<RunOutcome>
  close(): void | Promise<void>
}

/** The variant on real BigQuery: the client, and the BigQuery dataset holding each course dataset. */
export interface CloudVariant {
  engine: CloudBigQuery
  datasets: Record<string, string>
}

/** A dataset variant a session reads: its files, a version that changes with them, and where it runs. */
export interface BigQueryDataVariant {
  options: LocalBigQueryOptions
  version: string
  /** Set when the variant is loaded into real BigQuery: sessions then run there. */
  cloud?: CloudVariant
}

export function openBigQuerySession(variant: BigQueryDataVariant): Promise<BigQuerySession> {
  if (variant.cloud) return Promise.resolve(new CloudBigQuerySession(variant.cloud.engine, variant.cloud.datasets))
  return LocalBigQuery.open(variant.options)
}

/** Identifies the variant (and where it runs) for the reference cache. */
export function variantCacheKey(variant: BigQueryDataVariant): string {
  const where = variant.cloud ? `cloud:${variant.cloud.engine.config.projectId}:${JSON.stringify(variant.cloud.datasets)}` : 'local'
  return `${where}|${JSON.stringify(variant.options)}@${variant.version}`
}
