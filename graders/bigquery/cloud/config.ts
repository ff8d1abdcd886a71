// Real BigQuery, when a course is configured for it: project, credentials and the cost cap, checked
// once by zod. Without BIGQUERY_PROJECT_ID the local engine grades (the default).
import { z } from 'zod'

export const cloudBigQueryConfigSchema = z.object({
  projectId: z.string().min(1),
  /** A service-account key file; without it the client uses Application Default Credentials. */
  keyFilename: z.string().min(1).optional(),
  location: z.string().min(1).default('US'),
  /** Another endpoint (recorded-exchange tests, an emulator); requests then go unauthenticated. */
  apiEndpoint: z.url().optional(),
  /** No learner query may bill more: checked on the dry run, and enforced by BigQuery on the job. */
  maximumBytesBilled: z.number().int().positive().default(1024 ** 3),
  jobTimeoutMs: z.number().int().min(1000).default(30_000),
  /** Scratch datasets' default table expiration: left-over tables die even if the delete is missed. */
  scratchTableExpirationMs: z.number().int().min(3_600_000).default(3_600_000),
  labels: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/), z.string().regex(/^[a-z0-9_-]{0,63}$/)).default({ app: 'syllabus' }),
  maxRows: z.number().int().min(1).default(10_000),
})

export type CloudBigQueryConfig = z.output<typeof cloudBigQueryConfigSchema>
export type CloudBigQueryConfigInput = z.input<typeof cloudBigQueryConfigSchema>

/** The environment's BigQuery settings, as server/env.ts's readEnv() checks them. */
export interface BigQueryEnv {
  BIGQUERY_PROJECT_ID?: string | undefined
  GOOGLE_APPLICATION_CREDENTIALS?: string | undefined
  BIGQUERY_LOCATION?: string | undefined
  BIGQUERY_MAX_BYTES_BILLED?: number | undefined
  BIGQUERY_JOB_TIMEOUT_MS?: number | undefined
}

/** From the environment: null when BIGQUERY_PROJECT_ID is not set (the local engine is used). */
export function cloudBigQueryConfigFromEnv(env: BigQueryEnv): CloudBigQueryConfig | null {
  if (!env.BIGQUERY_PROJECT_ID) return null
  return cloudBigQueryConfigSchema.parse({
    projectId: env.BIGQUERY_PROJECT_ID,
    keyFilename: env.GOOGLE_APPLICATION_CREDENTIALS,
    location: env.BIGQUERY_LOCATION,
    maximumBytesBilled: env.BIGQUERY_MAX_BYTES_BILLED,
    jobTimeoutMs: env.BIGQUERY_JOB_TIMEOUT_MS,
  })
}
