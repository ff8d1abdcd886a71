// Everything the SQL engine needs on a grading cluster, from its superuser URL: the public dataset and
// the pool of hidden variants loaded (datasets/, hidden-variant-pool.ts), the restricted learner role
// (sandbox/postgres), and a sandbox to run SQL in. Used by the worker, `syllabus grade`, `course
// check`, the course-questions test and the benchmark.
import { createHmac } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { DATASETS, type DatasetName, databaseUrl, datasetDatabaseName, ensureDatasetLoaded, readDatasetInfo } from '../../datasets/nyc-taxi/load.ts'
import type { DatasetSize } from '../../datasets/nyc-taxi/generate.ts'
import { ensureSandboxRole } from '../../sandbox/postgres/provision-role.ts'
import { type ConnectionBudget, createConnectionBudget } from '../../sandbox/postgres/connection-budget.ts'
import { createSqlSandbox, type SqlSandbox } from '../../sandbox/postgres/sql-sandbox.ts'
import { defaultHiddenVariantPool, type HiddenVariantPool, hiddenVariantPool, type HiddenVariantPoolOptions, poolSecret } from './hidden-variant-pool.ts'
import type { KillingData } from '../../course/killing-data.ts'
import { ensureKillingDatabase, existingKillingDatabases, KILLING_DATABASE_PREFIX, killingDatabaseName, killingVariant } from './killing/killing-databases.ts'
import { sqlRunnerFromSandbox } from './sandbox-runner.ts'
import type { DatasetVariant, KillingVariant, SqlGradingDatasets, SqlRunner } from './sql-runner.ts'

export class UnknownDatasetError extends Error {
  constructor(dataset: string) {
    super(`Unknown dataset "${dataset}": the grading cluster knows ${DATASETS.join(', ')}.`)
    this.name = 'UnknownDatasetError'
  }
}

export interface SqlGradingEnvironment {
  runner: SqlRunner
  sandbox: SqlSandbox
  /** The learner connections this process keeps open (shared by its sandboxes), for benchmarks and logs. */
  connectionBudget: ConnectionBudget
  /** The public variant and the current hidden pool of a dataset, with versions that change when their data does. */
  datasetsFor(dataset: string): SqlGradingDatasets
  /**
   * A question's killing databases (graders/sql/killing), built in the cluster and granted to the
   * learner role on first use; none when the question has no killing data.
   */
  killingDatabasesFor(data: KillingData | null | undefined): Promise<KillingVariant[]>
  /** Rotates the hidden pools now (builds due variants, grants them, drops retired ones); normally on a timer. */
  refreshHiddenVariants(): Promise<void>
  close(): Promise<void>
}

export interface OpenSqlGradingEnvironmentOptions {
  datasets?: DatasetName[]
  /** Size to build when the public variant is missing; one already loaded at another size is kept. Hidden variants are always small. */
  size?: DatasetSize
  /** The hidden pool: how many variants, how often each is rebuilt. */
  hiddenVariants?: Partial<HiddenVariantPoolOptions>
  /** Rotate the pool in the background (default true; a one-shot command turns it off). */
  rotateHiddenVariants?: boolean
  /** The operator's hidden seed (SYLLABUS_DATASET_HIDDEN_SEED): keys the pool's variant seeds. */
  hiddenSeed?: number
  roleName?: string
  /** Databases to close to PUBLIC: the default closes every other database (a cluster Syllabus owns). */
  closeOtherDatabases?: boolean
  poolSize?: number
  /** SQL answers this process grades at once (the worker's postgres concurrency; default 2): sizes the default connection budget. */
  sqlConcurrency?: number
  /**
   * Sandbox connections this process keeps open at most, over every database (default
   * learnerConnectionsFor this process's SQL concurrency and hidden pool): the learner role's limit
   * (40) is the cluster's, shared by every worker and the web preview.
   */
  maxLearnerConnections?: number
  /**
   * Close a sandbox connection idle this long (default 60 s). A one-shot author check grading many
   * answers across the pool's variants sets it low: idle connections to every variant would otherwise
   * add up past the learner role's connection limit.
   */
  idleTimeoutMs?: number
  /** Keep the learner role's password in this file; default: derived from adminUrl (see below). */
  passwordFile?: string
  /**
   * Skip provisioning the learner role when the last provisioning (the running worker's, usually)
   * already covered these databases and nothing changed since (ensureSandboxRole's reuseIfUnchanged).
   * For one-shot commands; a worker provisions in full.
   */
  reuseProvisionedRole?: boolean
  /**
   * Take the hidden variants the cluster already holds as built, without reading each one's record
   * (hidden-variant-pool.ts, `trustExistingVariants`). For one-shot commands; a worker reads them all.
   */
  trustExistingHiddenVariants?: boolean
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

/** Connections kept for the killing databases (one-connection pools, closed after 2 s idle). */
const KILLING_CONNECTIONS = 2

/**
 * The learner connections one process keeps open when it grades `sqlConcurrency` answers at once: a
 * grade runs on the public data and its hidden variant side by side, and each connection goes back to
 * its pool only after its ROLLBACK and DISCARD ALL (in the background, after the run returned), so a
 * grade that follows another at once finds the previous one's connections still resetting. Hence
 * one public connection per grade in flight and one more, one per hidden variant of each dataset (a
 * grade draws one at random, so each needs a connection waiting) and one more per grade in flight
 * beyond the first (two grades drawing the same variant at once), and a couple for the killing
 * databases. Fewer, and the budget closes an idle connection to open another on nearly every grade:
 * a new backend and its authentication each time. With 13 (no margin for the resets) a worker
 * grading SQL batches back to back opened 880 connections in one drain of 3 000 SQL answers
 * (docs/benchmarks.md, "Queue", session 7). Two workers at SQL concurrency 3 with the pool of 8: 16
 * each, 34 with the web preview's 2, under the role's 40 (provision-role.ts).
 */
export function learnerConnectionsFor({ sqlConcurrency, hiddenVariants, datasets = 1 }: { sqlConcurrency: number; hiddenVariants: number; datasets?: number }): number {
  return sqlConcurrency + 1 + datasets * (hiddenVariants + sqlConcurrency - 1) + KILLING_CONNECTIONS
}

function isDatasetName(name: string): name is DatasetName {
  return (DATASETS as readonly string[]).includes(name)
}

export async function openSqlGradingEnvironment(
  adminUrl: string,
  options: OpenSqlGradingEnvironmentOptions = {},
): Promise<SqlGradingEnvironment> {
  // One superuser session for everything the opening asks the cluster as a whole (pool secret and
  // databases, killing databases, the role's provisioning); each new one is a backend start, which
  // on a loaded machine costs more than the queries. Closed once open: later rotations open their own.
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'syllabus-grading-environment' })
  admin.on('error', () => {})
  const connected = admin.connect()
  try {
    return await openWith(admin, connected, adminUrl, options)
  } finally {
    await admin.end().catch(() => {})
  }
}

async function openWith(admin: pg.Client, connected: Promise<unknown>, adminUrl: string, options: OpenSqlGradingEnvironmentOptions): Promise<SqlGradingEnvironment> {
  const names = options.datasets ?? [...DATASETS]
  const publicVariants = new Map<string, DatasetVariant>()
  // Read together, while the session connects: what a running worker has loaded already is only
  // looked at (the dataset's record is in its own database, so a connection there).
  const [secret, ...loaded] = await Promise.all([
    connected.then(() => poolSecret(admin, options.hiddenSeed)),
    ...names.map((dataset) => readDatasetInfo(databaseUrl(adminUrl, datasetDatabaseName(dataset, 'public'))).catch(() => null)),
  ])
  for (const [index, dataset] of names.entries()) {
    const database = datasetDatabaseName(dataset, 'public')
    let info = loaded[index] ?? null
    if (!info) {
      options.onProgress?.(`loading dataset ${dataset} (public, ${options.size ?? 'small'}) into ${database}…`)
      info = (await ensureDatasetLoaded(adminUrl, { dataset, variant: 'public', size: options.size ?? 'small' })).info
    }
    publicVariants.set(dataset, { database, version: info.checksum })
  }
  const poolOptions = { ...defaultHiddenVariantPool, ...options.hiddenVariants }
  const pools = new Map<string, HiddenVariantPool>(
    names.map((dataset) => [
      dataset,
      hiddenVariantPool({ adminUrl, dataset, secret, options: poolOptions, onProgress: options.onProgress, trustExistingVariants: options.trustExistingHiddenVariants }),
    ]),
  )
  for (const pool of pools.values()) await pool.refresh(admin)

  const roleName = options.roleName ?? 'syllabus_learner'
  // Without a configured file, a password derived from adminUrl keeps every process (on any host) in agreement.
  const passwordFile =
    options.passwordFile ?? (await sharedPasswordFile(adminUrl, roleName))
  /** Killing databases the latest provisioning found built and granted: a question's need no build or grant then. */
  let provisionedKilling = new Set<string>()
  // Every killing database of the cluster is granted too (existingKillingDatabases says why).
  /** On the opening's session when given; later provisionings (rotation, new killing databases) open their own. */
  const provision = async (databases: string[], session?: pg.Client) => {
    const existingKilling = await existingKillingDatabases(session ?? adminUrl)
    const provisioned = await ensureSandboxRole(
      adminUrl,
      {
        databases: [...new Set([...databases, ...existingKilling])],
        passwordFile,
        roleName,
        reuseIfUnchanged: options.reuseProvisionedRole ?? false,
        ...(options.closeOtherDatabases === false ? { closeDatabasesToPublic: databases } : {}),
      },
      session,
    )
    provisionedKilling = new Set(existingKilling)
    return provisioned
  }
  /** Killing databases granted to the learner role (in every provisioning from then on), and those ready to grade on. */
  const grantedKilling = new Set<string>()
  const killingVariants = new Map<string, KillingVariant>()
  const pendingKilling = new Map<string, Promise<void>>()
  const allDatabases = () =>
    [...publicVariants.values()]
      .map((variant) => variant.database)
      .concat([...pools.values()].flatMap((pool) => pool.databases()), [...grantedKilling])
  let role = await provision(allDatabases(), admin)
  // One provisioning at a time, each granting every database known when it runs: a rotation and a
  // grant of new killing databases must not interleave (the later would revoke what the other granted).
  let provisioning: Promise<unknown> = Promise.resolve()
  const reprovision = (before?: () => void) => {
    const next = provisioning.then(async () => {
      before?.()
      role = await provision(allDatabases())
    })
    provisioning = next.catch(() => undefined)
    return next
  }
  // One budget for both sandboxes: pools per variant and per killing database never hold more together.
  const connectionBudget = createConnectionBudget(
    options.maxLearnerConnections ?? learnerConnectionsFor({ sqlConcurrency: options.sqlConcurrency ?? 2, hiddenVariants: poolOptions.size, datasets: names.length }),
  )
  const sandbox = createSqlSandbox({
    learnerUrl: (database) => role.learnerUrl(database),
    watchdogUrl: adminUrl,
    poolSize: options.poolSize ?? 4,
    connectionBudget,
    ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  })
  // Killing databases are many (a few per question) and each run on them takes milliseconds: one
  // connection each, closed when idle for 2 s, so their pools never crowd out the learner role's
  // connection limit the way one pool of `poolSize` per database would.
  const killingSandbox = createSqlSandbox({ learnerUrl: (database) => role.learnerUrl(database), watchdogUrl: adminUrl, poolSize: 1, idleTimeoutMs: 2_000, connectionBudget })
  const mainRunner = sqlRunnerFromSandbox(sandbox)
  const killingRunner = sqlRunnerFromSandbox(killingSandbox)
  const runner: SqlRunner = {
    run: (database, sql, runOptions) => (database.startsWith(KILLING_DATABASE_PREFIX) ? killingRunner : mainRunner).run(database, sql, runOptions),
  }

  let rotating: Promise<void> | null = null
  const refreshHiddenVariants = () =>
    (rotating ??= (async () => {
      try {
        const before = new Set(allDatabases())
        let changed = false
        for (const pool of pools.values()) changed = (await pool.refresh()).changed || changed
        if (!changed) return
        await reprovision()
        for (const database of before) if (!allDatabases().includes(database)) await sandbox.release(database)
      } finally {
        rotating = null
      }
    })())
  // Each slot turns over once per rotation period: looking every slot-interval / 4 is enough.
  const timer =
    options.rotateHiddenVariants === false
      ? null
      : setInterval(
          () => void refreshHiddenVariants().catch((error: unknown) => options.onProgress?.(`rotating hidden variants failed: ${String(error)}`)),
          Math.max(1_000, poolOptions.rotationMs / poolOptions.size / 4),
        )
  timer?.unref()

  // Killing databases are built on first use, then granted with every other database; a grade that
  // needs one being granted waits for that grant.
  const killingDatabasesFor = async (data: KillingData | null | undefined): Promise<KillingVariant[]> => {
    if (!data) return []
    const names = data.databases.map(killingDatabaseName)
    // Found complete (a killing database gets its name only once built) and granted by the latest
    // provisioning — as the running worker leaves them: nothing to build or grant.
    for (const database of data.databases) {
      const name = killingDatabaseName(database)
      if (killingVariants.has(name) || pendingKilling.has(name) || !provisionedKilling.has(name)) continue
      grantedKilling.add(name)
      killingVariants.set(name, killingVariant(database))
    }
    const missing = data.databases.filter((database) => !killingVariants.has(killingDatabaseName(database)) && !pendingKilling.has(killingDatabaseName(database)))
    if (missing.length > 0) {
      const batch = (async () => {
        const built: KillingVariant[] = []
        for (const database of missing) built.push(await ensureKillingDatabase(adminUrl, database))
        try {
          await reprovision(() => built.forEach((variant) => grantedKilling.add(variant.database)))
        } catch (error) {
          built.forEach((variant) => grantedKilling.delete(variant.database))
          throw error
        }
        for (const variant of built) killingVariants.set(variant.database, variant)
      })()
      for (const database of missing) pendingKilling.set(killingDatabaseName(database), batch)
      void batch.catch(() => undefined).finally(() => missing.forEach((database) => pendingKilling.delete(killingDatabaseName(database))))
    }
    await Promise.all(names.flatMap((name) => pendingKilling.get(name) ?? []))
    return names.map((name) => {
      const variant = killingVariants.get(name)
      if (!variant) throw new Error(`Killing database ${name} could not be prepared.`)
      return variant
    })
  }

  return {
    sandbox,
    runner,
    connectionBudget,
    killingDatabasesFor,
    datasetsFor(dataset) {
      const found = isDatasetName(dataset) ? publicVariants.get(dataset) : undefined
      if (!found) throw new UnknownDatasetError(dataset)
      const hidden = pools.get(dataset)!.current()
      // Never grade without a hidden check: no variant ready is an infrastructure failure (retried).
      if (hidden.length === 0) throw new Error(`No hidden variant of ${dataset} is ready yet.`)
      return { public: found, hidden }
    },
    refreshHiddenVariants,
    async close() {
      if (timer) clearInterval(timer)
      await rotating?.catch(() => undefined)
      await Promise.all([sandbox.close(), killingSandbox.close()])
    },
  }
}
