// The real BigQuery adapter (@google-cloud/bigquery). Every learner query is dry-run first and refused
// above the cost cap; the job then runs with maximumBytesBilled (BigQuery itself refuses to bill
// more), labels and a timeout, and is cancelled if it does not finish. DDL runs in a scratch dataset
// with a default table expiration, deleted afterwards. Course data arrives by load jobs from the
// exported Parquet files. Results come back as the text the shared comparator reads.
import { randomBytes } from 'node:crypto'
import { BigQuery, type Job } from '@google-cloud/bigquery'
import type { SqlResultSet } from '../../sql/result-set.ts'
import { typeOids } from '../../sql/postgres-text-values.ts'
import { BigQueryRuntimeError } from '../errors.ts'
import { formatBytes } from '../format-bytes.ts'
import { type CloudBigQueryConfig, type CloudBigQueryConfigInput, cloudBigQueryConfigSchema } from './config.ts'

export interface CloudQueryOptions {
  /** Unqualified table names resolve here (the scratch dataset). */
  defaultDataset?: string
  labels?: Record<string, string>
}

export interface CloudQueryOutcome {
  result: SqlResultSet
  /** The dry run's estimate: what BigQuery's console shows before Run, and what questions grade. */
  estimatedBytes: number
  bytesProcessed: number
  bytesBilled: number
}

interface RestField {
  name: string
  type: string
  mode?: string
}

interface RestQueryResults {
  jobComplete?: boolean
  schema?: { fields?: RestField[] }
  rows?: { f: { v: unknown }[] }[]
  totalRows?: string
}

const COMPARATOR_TYPES: Record<string, { typeOid: number; typeName: string }> = {
  INTEGER: { typeOid: typeOids.int8, typeName: 'INT64' },
  INT64: { typeOid: typeOids.int8, typeName: 'INT64' },
  FLOAT: { typeOid: typeOids.float8, typeName: 'FLOAT64' },
  FLOAT64: { typeOid: typeOids.float8, typeName: 'FLOAT64' },
  NUMERIC: { typeOid: typeOids.numeric, typeName: 'NUMERIC' },
  BIGNUMERIC: { typeOid: typeOids.numeric, typeName: 'BIGNUMERIC' },
  BOOLEAN: { typeOid: typeOids.bool, typeName: 'BOOL' },
  BOOL: { typeOid: typeOids.bool, typeName: 'BOOL' },
  DATE: { typeOid: typeOids.date, typeName: 'DATE' },
  DATETIME: { typeOid: typeOids.timestamp, typeName: 'DATETIME' },
  TIMESTAMP: { typeOid: typeOids.timestamptz, typeName: 'TIMESTAMP' },
  TIME: { typeOid: typeOids.time, typeName: 'TIME' },
}

/** The REST API sends TIMESTAMP as seconds since the epoch ("1.2302190E9"); the comparator reads ISO text. */
function restValue(field: RestField, value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') return JSON.stringify(value)
  if (field.type === 'TIMESTAMP') {
    // Microseconds as an integer (formatOptions.useInt64Timestamp, the client's default), or seconds as a float.
    const micros = /^-?\d+$/.test(value) ? BigInt(value) : BigInt(Math.round(Number(value) * 1_000_000))
    const date = new Date(Number(micros / 1000n))
    const fraction = String(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0')
    return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${fraction}+00`
  }
  if (field.type === 'DATETIME') return value.replace('T', ' ')
  return value
}

export function resultSetFromRest(response: RestQueryResults, maxRows: number, durationMs: number): SqlResultSet {
  const fields = response.schema?.fields ?? []
  const rows = (response.rows ?? []).slice(0, maxRows).map((row) => row.f.map((cell, index) => restValue(fields[index]!, cell.v)))
  const total = Number(response.totalRows ?? rows.length)
  return {
    columns: fields.map((field) => ({ name: field.name, ...(field.mode === 'REPEATED' ? { typeOid: typeOids.text, typeName: `ARRAY<${field.type}>` } : (COMPARATOR_TYPES[field.type] ?? { typeOid: typeOids.text, typeName: field.type })) })),
    rows,
    rowCount: rows.length,
    truncated: total > rows.length,
    durationMs,
  }
}

export class CloudBigQuery {
  readonly config: CloudBigQueryConfig
  readonly client: BigQuery

  constructor(configInput: CloudBigQueryConfigInput, client?: BigQuery) {
    this.config = cloudBigQueryConfigSchema.parse(configInput)
    this.client =
      client ??
      new BigQuery({
        projectId: this.config.projectId,
        location: this.config.location,
        ...(this.config.keyFilename ? { keyFilename: this.config.keyFilename } : {}),
        ...(this.config.apiEndpoint ? { apiEndpoint: this.config.apiEndpoint } : {}),
        // One attempt: a learner's query is not retried behind their back (the worker retries jobs).
        autoRetry: false,
      })
    if (this.config.apiEndpoint && !client) {
      // Without authentication (custom endpoint) the client sends a multipart upload with no headers
      // object and crashes setting its Content-Type; give every request one.
      const makeRequest = this.client.makeAuthenticatedRequest
      this.client.makeAuthenticatedRequest = ((reqOpts: { headers?: Record<string, string> }, options: unknown) =>
        makeRequest({ ...reqOpts, headers: reqOpts.headers ?? {} } as never, options as never)) as unknown as typeof makeRequest
    }
  }

  private defaultDataset(options: CloudQueryOptions) {
    return options.defaultDataset ? { defaultDataset: { projectId: this.config.projectId, datasetId: options.defaultDataset } } : {}
  }

  /** Bytes the query would process (BigQuery's dry run). */
  async dryRun(sql: string, options: CloudQueryOptions = {}): Promise<number> {
    try {
      const [job] = await this.client.createQueryJob({
        query: sql,
        dryRun: true,
        useLegacySql: false,
        location: this.config.location,
        labels: { ...this.config.labels, ...options.labels },
        ...this.defaultDataset(options),
      })
      return Number(job.metadata?.statistics?.totalBytesProcessed ?? 0)
    } catch (error) {
      throw asRuntimeError(error)
    }
  }

  /**
   * Dry run, cap check, then the job with maximumBytesBilled, labels and a timeout. `estimate`: the
   * bytes of a dry run of this very statement just made (the session's), saving a second one.
   */
  async run(sql: string, options: CloudQueryOptions = {}, estimate?: number): Promise<CloudQueryOutcome> {
    estimate ??= await this.dryRun(sql, options)
    if (estimate > this.config.maximumBytesBilled) {
      throw new BigQueryRuntimeError(
        `This query would process ${formatBytes(estimate)}, more than this course allows per query (${formatBytes(this.config.maximumBytesBilled)}). Read fewer columns or filter on the partitioning column.`,
      )
    }
    const started = performance.now()
    let job: Job
    try {
      ;[job] = await this.client.createQueryJob({
        query: sql,
        useLegacySql: false,
        location: this.config.location,
        maximumBytesBilled: String(this.config.maximumBytesBilled),
        jobTimeoutMs: this.config.jobTimeoutMs,
        labels: { ...this.config.labels, ...options.labels },
        ...this.defaultDataset(options),
      })
    } catch (error) {
      throw asRuntimeError(error)
    }
    let response: RestQueryResults
    try {
      // skipParsing: the REST rows ({ f: [{ v }] }, values as text) instead of the client's JS values.
      const results = await job.getQueryResults({ autoPaginate: false, skipParsing: true, maxResults: this.config.maxRows, timeoutMs: this.config.jobTimeoutMs })
      response = { ...(results[2] as RestQueryResults), rows: results[0] as unknown as RestQueryResults['rows'] }
    } catch (error) {
      // The client reports an unfinished job ("did not complete before …") as an error.
      if (/did not complete/i.test(error instanceof Error ? error.message : '')) response = { jobComplete: false }
      else throw asRuntimeError(error)
    }
    if (response.jobComplete === false) {
      await job.cancel().catch(() => undefined)
      throw new BigQueryRuntimeError(`Your query took longer than ${Math.round(this.config.jobTimeoutMs / 1000)} s and was cancelled.`)
    }
    const [metadata] = await job.getMetadata()
    const statistics = metadata?.statistics?.query ?? {}
    return {
      result: resultSetFromRest(response, this.config.maxRows, performance.now() - started),
      estimatedBytes: estimate,
      bytesProcessed: Number(statistics.totalBytesProcessed ?? estimate),
      bytesBilled: Number(statistics.totalBytesBilled ?? 0),
    }
  }

  /** A new scratch dataset's name (random: runs never share one). */
  static scratchDatasetId(): string {
    return `syllabus_scratch_${randomBytes(6).toString('hex')}`
  }

  /** Creates a scratch dataset with the default table expiration: left-over tables die even if the delete is missed. */
  async createScratchDataset(datasetId: string): Promise<void> {
    try {
      await this.client.createDataset(datasetId, {
        location: this.config.location,
        defaultTableExpirationMs: String(this.config.scratchTableExpirationMs),
        labels: { ...this.config.labels, purpose: 'scratch' },
      })
    } catch (error) {
      throw asRuntimeError(error)
    }
  }

  /** Deletes a dataset with its tables; a failure is only logged by the caller (the expiration cleans up). */
  async deleteDataset(datasetId: string): Promise<void> {
    await this.client.dataset(datasetId).delete({ force: true })
  }

  /** Runs `work` with a fresh scratch dataset (default table expiration, labels), deleted afterwards with its tables. */
  async withScratchDataset<T>(work: (datasetId: string) => Promise<T>): Promise<T> {
    const datasetId = CloudBigQuery.scratchDatasetId()
    await this.createScratchDataset(datasetId)
    try {
      return await work(datasetId)
    } finally {
      await this.deleteDataset(datasetId).catch(() => undefined)
    }
  }

  /** Loads one Parquet file into dataset.table by a load job (replacing the table, or appending to it), and waits for it. */
  async loadParquet(datasetId: string, tableId: string, file: string, writeDisposition: 'WRITE_TRUNCATE' | 'WRITE_APPEND' = 'WRITE_TRUNCATE'): Promise<void> {
    const [job] = await this.client.dataset(datasetId).table(tableId).createLoadJob(file, {
      sourceFormat: 'PARQUET',
      writeDisposition,
    })
    const deadline = Date.now() + 10 * 60_000
    for (;;) {
      const [metadata] = await job.getMetadata()
      if (metadata.status?.state === 'DONE') {
        if (metadata.status.errorResult) throw new Error(`Load job for ${datasetId}.${tableId} failed: ${metadata.status.errorResult.message}`)
        return
      }
      if (Date.now() > deadline) throw new Error(`Load job for ${datasetId}.${tableId} did not finish in 10 minutes`)
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}

function asRuntimeError(error: unknown): Error {
  const apiError = error as { code?: number; message?: string; errors?: { reason?: string; message?: string }[] }
  // 4xx from BigQuery is the statement's fault (invalidQuery, notFound, bytesBilledLimitExceeded…).
  if (typeof apiError?.code === 'number' && apiError.code >= 400 && apiError.code < 500) {
    return new BigQueryRuntimeError(apiError.errors?.[0]?.message ?? apiError.message ?? 'BigQuery rejected the query')
  }
  return error instanceof Error ? error : new Error(String(error))
}
