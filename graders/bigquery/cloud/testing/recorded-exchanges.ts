// Recorded BigQuery REST exchanges (jobs.insert, jobs.getQueryResults, jobs.get, datasets.insert,
// datasets.delete, the multipart upload of a load job), in the shapes of the BigQuery v2 API reference.
// Job and dataset ids in paths are '*': the client names jobs itself (random UUIDs).
import assert from 'node:assert/strict'
import type { RecordedExchange } from './replay-server.ts'

export const PROJECT = 'syllabus-test-project'
const JOBS = `/bigquery/v2/projects/${PROJECT}/jobs`

const jobReference = (jobId: string) => ({ projectId: PROJECT, jobId, location: 'US' })

/** jobs.insert with configuration.dryRun: the estimate comes back in statistics.totalBytesProcessed. */
export function dryRunExchange(bytes: number, expectSql?: string): RecordedExchange {
  return {
    request: `POST ${JOBS}`,
    expectBody: (body) => {
      const job = body as { configuration: { dryRun: boolean; labels: Record<string, string>; query: { query: string; useLegacySql: boolean } } }
      assert.equal(job.configuration.dryRun, true)
      assert.equal(job.configuration.query.useLegacySql, false)
      assert.equal(job.configuration.labels.app, 'syllabus')
      if (expectSql) assert.equal(job.configuration.query.query, expectSql)
    },
    response: {
      kind: 'bigquery#job',
      etag: 'dry',
      selfLink: `https://bigquery.example/bigquery/v2${JOBS.slice('/bigquery/v2'.length)}`,
      jobReference: { projectId: PROJECT, location: 'US' },
      configuration: { jobType: 'QUERY', dryRun: true },
      status: { state: 'DONE' },
      statistics: {
        creationTime: '1733000000000',
        totalBytesProcessed: String(bytes),
        query: { totalBytesProcessed: String(bytes), totalBytesBilled: '0', cacheHit: false, statementType: 'SELECT' },
      },
    },
  }
}

/** jobs.insert for the real run: the cap, the timeout and the labels must be on the job. */
export function queryJobExchange(jobId: string, cap: number): RecordedExchange {
  return {
    request: `POST ${JOBS}`,
    expectBody: (body) => {
      const job = body as { configuration: { dryRun?: boolean; jobTimeoutMs: string; labels: Record<string, string>; query: { maximumBytesBilled: string } } }
      assert.equal(job.configuration.dryRun, undefined)
      assert.equal(job.configuration.query.maximumBytesBilled, String(cap))
      assert.equal(job.configuration.jobTimeoutMs, '30000')
      assert.equal(job.configuration.labels.app, 'syllabus')
    },
    response: { kind: 'bigquery#job', id: `${PROJECT}:US.${jobId}`, jobReference: jobReference(jobId), status: { state: 'RUNNING' }, statistics: { creationTime: '1733000000000' } },
  }
}

/** jobs.getQueryResults: schema and rows with every value as text (TIMESTAMP as epoch seconds). */
export function queryResultsExchange(jobId: string, complete = true): RecordedExchange {
  return {
    request: `GET /bigquery/v2/projects/${PROJECT}/queries/*`,
    query: { location: 'US' },
    response: complete
      ? {
          kind: 'bigquery#getQueryResultsResponse',
          jobReference: jobReference(jobId),
          jobComplete: true,
          schema: {
            fields: [
              { name: 'PULocationID', type: 'INTEGER', mode: 'NULLABLE' },
              { name: 'trips', type: 'INTEGER', mode: 'NULLABLE' },
              { name: 'first_pickup', type: 'TIMESTAMP', mode: 'NULLABLE' },
              { name: 'avg_fare', type: 'FLOAT', mode: 'NULLABLE' },
            ],
          },
          rows: [
            { f: [{ v: '132' }, { v: '5912' }, { v: '1569916800000000' }, { v: '52.5' }] },
            { f: [{ v: '138' }, { v: '4023' }, { v: '1569917100000000' }, { v: null }] },
          ],
          totalRows: '2',
          totalBytesProcessed: '162656744',
          cacheHit: false,
        }
      : { kind: 'bigquery#getQueryResultsResponse', jobReference: jobReference(jobId), jobComplete: false },
  }
}

export function jobGetExchange(jobId: string, state: 'DONE' | 'RUNNING', extra: Record<string, unknown> = {}): RecordedExchange {
  return {
    request: `GET ${JOBS}/*`,
    response: {
      kind: 'bigquery#job',
      jobReference: jobReference(jobId),
      status: { state, ...extra },
      statistics: { creationTime: '1733000000000', query: { totalBytesProcessed: '162656744', totalBytesBilled: '163577856' } },
    },
  }
}

export function cancelExchange(jobId: string): RecordedExchange {
  return { request: `POST ${JOBS}/*/cancel`, response: { kind: 'bigquery#jobCancelResponse', job: { jobReference: jobReference(jobId), status: { state: 'DONE' } } } }
}

/** datasets.insert with a default table expiration and labels. */
export function createDatasetExchange(): RecordedExchange {
  return {
    request: `POST /bigquery/v2/projects/${PROJECT}/datasets`,
    expectBody: (body) => {
      const dataset = body as { datasetReference: { datasetId: string }; defaultTableExpirationMs: string; labels: Record<string, string>; location: string }
      assert.match(dataset.datasetReference.datasetId, /^syllabus_scratch_[0-9a-f]{12}$/)
      assert.equal(dataset.defaultTableExpirationMs, '3600000')
      assert.equal(dataset.labels.purpose, 'scratch')
      assert.equal(dataset.location, 'US')
    },
    response: { kind: 'bigquery#dataset', datasetReference: { projectId: PROJECT, datasetId: 'syllabus_scratch_000000000000' }, location: 'US', defaultTableExpirationMs: '3600000' },
  }
}

export function deleteDatasetExchange(): RecordedExchange {
  return { request: `DELETE /bigquery/v2/projects/${PROJECT}/datasets/*`, query: { deleteContents: 'true' }, status: 204 }
}

/** The multipart upload that starts a load job from a local Parquet file. */
export function loadUploadExchange(jobId: string): RecordedExchange {
  return {
    request: `POST /upload/bigquery/v2/projects/${PROJECT}/jobs`,
    query: { uploadType: 'multipart' },
    expectBody: (_body, raw) => {
      assert.match(raw, /"sourceFormat":"PARQUET"/)
      assert.match(raw, /"writeDisposition":"WRITE_TRUNCATE"/)
      assert.match(raw, /"tableId":"yellow_tripdata"/)
      assert.ok(raw.includes('PAR1'), 'the Parquet bytes are uploaded')
    },
    response: { kind: 'bigquery#job', jobReference: jobReference(jobId), status: { state: 'RUNNING' } },
  }
}

/** jobs.insert dry run whose SQL must match `pattern` (the rewritten statement). */
export function dryRunMatching(bytes: number, pattern: RegExp): RecordedExchange {
  const exchange = dryRunExchange(bytes)
  return {
    ...exchange,
    expectBody: (body, raw) => {
      exchange.expectBody!(body, raw)
      assert.match((body as { configuration: { query: { query: string } } }).configuration.query.query, pattern)
    },
  }
}

/** jobs.getQueryResults of a finished query: the schema and rows as REST sends them (every value text). */
export function resultsExchange(jobId: string, fields: { name: string; type: string }[], rows: (string | null)[][]): RecordedExchange {
  return {
    request: `GET /bigquery/v2/projects/${PROJECT}/queries/*`,
    query: { location: 'US', 'formatOptions.useInt64Timestamp': 'true' },
    response: {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: jobReference(jobId),
      jobComplete: true,
      schema: { fields: fields.map((field) => ({ ...field, mode: 'NULLABLE' })) },
      rows: rows.map((row) => ({ f: row.map((v) => ({ v })) })),
      totalRows: String(rows.length),
      cacheHit: false,
    },
  }
}

/** One learner or reference query on real BigQuery: dry run, job, results, job statistics. */
export function queryExchanges(jobId: string, bytes: number, sqlPattern: RegExp, fields: { name: string; type: string }[], rows: (string | null)[][]): RecordedExchange[] {
  return [dryRunMatching(bytes, sqlPattern), queryJobExchange(jobId, 1024 ** 3), resultsExchange(jobId, fields, rows), jobGetExchange(jobId, 'DONE')]
}

/** An error response as the BigQuery API sends it (google.rpc-style error with the legacy errors list). */
export function errorExchange(request: string, status: number, reason: string, message: string): RecordedExchange {
  const rpcStatus = status === 404 ? 'NOT_FOUND' : status === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT'
  return { request, status, response: { error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: rpcStatus } } }
}

/** datasets.get: the dataset's metadata with its labels. */
export function datasetGetExchange(datasetId: string, labels: Record<string, string>): RecordedExchange {
  return {
    request: `GET /bigquery/v2/projects/${PROJECT}/datasets/${datasetId}`,
    response: { kind: 'bigquery#dataset', id: `${PROJECT}:${datasetId}`, datasetReference: { projectId: PROJECT, datasetId }, labels, location: 'US' },
  }
}
