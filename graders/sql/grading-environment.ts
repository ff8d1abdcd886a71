// Everything the SQL engine needs on a grading cluster, from its superuser URL: the dataset variants
// loaded (datasets/), the restricted learner role (sandbox/postgres), and a sandbox to run SQL in.
// Used by `syllabus grade`, the course-questions test and the benchmark.
import { createHmac } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DATASETS, type DatasetName, databaseUrl, datasetDatabaseName, ensureDatasetLoaded, readDatasetInfo } from '../../datasets/nyc-taxi/load.ts'
import type { DatasetSize } from '../../datasets/nyc-taxi/generate.ts'
import { ensureSandboxRole } from '../../sandbox/postgres/provision-role.ts'
import { createSqlSandbox, type SqlSandbox } from '../../sandbox/postgres/sql-sandbox.ts'
import { sqlRunnerFromSandbox } from './sandbox-runner.ts'
import type { DatasetVariant, SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

export class UnknownDatasetError extends Error {
  constructor(dataset: string) {
    super(`Unknown dataset "${dataset}": the grading cluster knows ${DATASETS.join(', ')}.`)
    this.name = 'UnknownDatasetError'
  }
}

export interface SqlGradingEnvironment {
  runner: SqlRunner
  sandbox: SqlSandbox
  /** The public and hidden variants of a dataset, with versions that change when their data does. */
  datasetsFor(dataset: string): SqlGradingDatasets
  close(): Promise<void>
}

export interface OpenSqlGradingEnvironmentOptions {
  datasets?: DatasetName[]
  /** Size to build when a variant is missing; a variant already loaded at another size is kept. */
  size?: DatasetSize
  /** The operator's hidden-variant seed (SYLLABUS_DATASET_HIDDEN_SEED), for a variant built here. */
  hiddenSeed?: number
  roleName?: string
  /** Databases to close to PUBLIC: the default closes every other database (a cluster Syllabus owns). */
  closeOtherDatabases?: boolean
  poolSize?: number
  /** Keep the learner role's password in this file; default: derived from adminUrl (see below). */
  passwordFile?: string
  onProgress?: (message: string) => void
}

/**
 * The learner role's password, derived from the superuser URL: every process that grades (worker, web
 * preview, CLI, on any host) provisions the role with the same password instead of each resetting it
 * under the others' open pools. Anyone who can derive it already holds the superuser password.
 */
async function sharedPasswordFile(adminUrl: string, roleName: string): Promise<string> {
  const password = createHmac('sha256', adminUrl).update(`syllabus sandbox role ${roleName}`).digest('base64url')
  const tag = createHmac('sha256', 'syllabus').update(`${adminUrl}|${roleName}`).digest('hex').slice(0, 16)
  const file = path.join(os.tmpdir(), `syllabus-sandbox-${tag}.password`)
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return file
}

function isDatasetName(name: string): name is DatasetName {
  return (DATASETS as readonly string[]).includes(name)
}

export async function openSqlGradingEnvironment(
  adminUrl: string,
  options: OpenSqlGradingEnvironmentOptions = {},
): Promise<SqlGradingEnvironment> {
  const names = options.datasets ?? [...DATASETS]
  const variants = new Map<string, SqlGradingDatasets>()
  for (const dataset of names) {
    const found: Partial<Record<'public' | 'hidden', DatasetVariant>> = {}
    for (const variant of ['public', 'hidden'] as const) {
      const database = datasetDatabaseName(dataset, variant)
      let info = await readDatasetInfo(databaseUrl(adminUrl, database)).catch(() => null)
      if (!info) {
        options.onProgress?.(`loading dataset ${dataset} (${variant}, ${options.size ?? 'small'}) into ${database}…`)
        info = (await ensureDatasetLoaded(adminUrl, { dataset, variant, size: options.size ?? 'small', hiddenSeed: options.hiddenSeed })).info
      }
      found[variant] = { database, version: info.checksum }
    }
    variants.set(dataset, { public: found.public!, hidden: found.hidden! })
  }
  const databases = [...variants.values()].flatMap((pair) => [pair.public.database, pair.hidden!.database])
  const roleName = options.roleName ?? 'syllabus_learner'
  // Without a configured file, a password derived from adminUrl keeps every process (on any host) in agreement.
  const passwordFile =
    options.passwordFile ?? (await sharedPasswordFile(adminUrl, roleName))
  const role = await ensureSandboxRole(adminUrl, {
    databases,
    passwordFile,
    roleName,
    ...(options.closeOtherDatabases === false ? { closeDatabasesToPublic: databases } : {}),
  })
  const sandbox = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: adminUrl, poolSize: options.poolSize ?? 4 })
  return {
    sandbox,
    runner: sqlRunnerFromSandbox(sandbox),
    datasetsFor(dataset) {
      const pair = isDatasetName(dataset) ? variants.get(dataset) : undefined
      if (!pair) throw new UnknownDatasetError(dataset)
      return pair
    },
    close: () => sandbox.close(),
  }
}
