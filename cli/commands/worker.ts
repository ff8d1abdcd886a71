// `npm run worker` (`syllabus worker`): one grading worker process. `npm start` runs one beside the
// web server; more can run on other hosts against the same DATABASE_URL. The PostgreSQL engine is
// prepared at start (datasets loaded, sandbox role provisioned); if the grading cluster is not
// usable, SQL jobs fail as infrastructure errors (retried, then dead-lettered) while quizzes go on.
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { bigQueryEngine } from '../../graders/bigquery/engine.ts'
import { bigQueryDataDirIn, localBigQueryData } from '../../graders/bigquery/local-data.ts'
import { CloudBigQuery } from '../../graders/bigquery/cloud/cloud-bigquery.ts'
import { cloudBigQueryData } from '../../graders/bigquery/cloud/cloud-data.ts'
import { cloudBigQueryConfigFromEnv } from '../../graders/bigquery/cloud/config.ts'
import { defaultEngines, type PostgresGrading } from '../../graders/engines.ts'
import { pythonEngine, type GradingDatabase } from '../../graders/python/index.ts'
import { deepWarmPool, pythonQuestionsFromHomeworkFiles, pythonQuestionsOf, warmPythonSandbox } from '../../graders/python/warm-python-sandbox.ts'
import { warmHostCompiler } from '../../graders/python/host-compile.ts'
import { courseReader } from '../../server/courses/configured-course-reader.ts'
import { ensureScratchTemplate } from '../../datasets/nyc-taxi/scratch-template.ts'
import { engines } from '../../graders/grade-result.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { lazyDockerSandbox } from '../../server/grading/lazy-docker-sandbox.ts'
import { scheduleScratchSweep } from '../../sandbox/postgres/index.ts'
import { defaultPythonConcurrency, startGradingWorker } from '../../server/grading/worker.ts'
import { configureDbClient, disconnectDb } from '../../server/db/client.ts'
import { readEnv } from '../../server/env.ts'
import { startProjectScheduler } from '../../server/projects/scheduler.ts'
import { logger } from '../../server/logger.ts'
import { dataDir } from '../lib/databases.ts'
import { dim, green, red } from '../lib/progress.ts'

/** `quiz=4,postgres=2` */
const concurrencySpec = z
  .string()
  .transform((text) => Object.fromEntries(text.split(',').filter(Boolean).map((pair) => pair.split('=').map((part) => part.trim()))))
  .pipe(z.partialRecord(z.enum(engines), z.coerce.number().int().min(1).max(64)))

const RETRY_GRADING_CLUSTER_MS = 30_000

/** Opens the grading environment once; after a failure, tries again on a job at most every 30 s. */
function lazyGradingEnvironment(adminUrl: string | undefined, datasets: { size: 'small' | 'full'; hiddenSeed: number | undefined; sqlConcurrency: number }) {
  let opening: Promise<SqlGradingEnvironment> | null = null
  let failedAt = 0
  let lastError: Error | null = null
  const connect = (): Promise<PostgresGrading> => {
    if (!adminUrl) return Promise.reject(new Error('GRADING_DATABASE_URL is not set, so SQL answers cannot be graded on this worker.'))
    if (!opening && lastError && Date.now() - failedAt < RETRY_GRADING_CLUSTER_MS) {
      return Promise.reject(new Error(`The grading database is not usable: ${lastError.message}`))
    }
    opening ??= openSqlGradingEnvironment(adminUrl, {
      ...datasets,
      onProgress: (message) => console.log(dim(`[postgres] ${message}`)),
    }).catch((error: unknown) => {
      opening = null
      failedAt = Date.now()
      lastError = error instanceof Error ? error : new Error(String(error))
      throw new Error(`The grading database is not usable: ${lastError.message}`)
    })
    return opening
  }
  return { connect, close: async () => (await opening?.catch(() => null))?.close() }
}

/**
 * Where python ingestion questions get their scratch databases: the grading cluster, its socket
 * folder (GRADING_SOCKET_DIR) and the scratch template, made on first use (`npm start` makes it
 * already). Without a socket folder or cluster such questions answer "database unavailable".
 */
function lazyIngestionDatabase(adminUrl: string | undefined, socketDir: string | undefined) {
  let template: Promise<string> | null = null
  let failedAt = 0
  return async (): Promise<GradingDatabase | null> => {
    if (!adminUrl || !socketDir) return null
    if (!template && Date.now() - failedAt < RETRY_GRADING_CLUSTER_MS) return null
    template ??= ensureScratchTemplate(adminUrl, 'nyc_taxi').then(
      (result) => result.database,
      (error: unknown) => {
        template = null
        failedAt = Date.now()
        logger.warn({ err: error }, 'the scratch template for python ingestion questions is not available')
        throw error
      },
    )
    const database = await template.catch(() => null)
    return database ? { adminUrl, socketDir, template: database } : null
  }
}

export async function run(args: string[]): Promise<number> {
  logger.debug('worker starting')
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string' } } })
  const env = readEnv()
  const databaseUrl = env.DATABASE_URL
  if (!databaseUrl) {
    console.error(red('✖ DATABASE_URL is not set.'))
    return 1
  }
  const concurrency = { quiz: 4, postgres: 2, bigquery: 1, python: defaultPythonConcurrency(), ...concurrencySpec.parse(values.concurrency ?? env.SYLLABUS_WORKER_CONCURRENCY ?? '') }
  // A connection for every job in flight plus the project scheduler's and progress reports', and the
  // same few statements all day: prepared once per connection (docs/benchmarks.md, "Queue").
  configureDbClient({ poolMax: Object.values(concurrency).reduce((sum, count) => sum + count, 0) + 2, namedStatements: true })
  // The learner-connection budget follows the SQL grades this worker runs at once (learnerConnectionsFor).
  const grading = lazyGradingEnvironment(env.GRADING_DATABASE_URL, { size: env.SYLLABUS_DATASET_SIZE, hiddenSeed: env.SYLLABUS_DATASET_HIDDEN_SEED, sqlConcurrency: concurrency.postgres ?? 2 })
  // Python answers run in Docker when an engine answers; otherwise they are refused without costing an attempt.
  // As many warm containers per question shape as python jobs run at once: a burst of answers finds
  // one waiting for each job in flight while the pool refills behind them.
  const pythonConcurrency = concurrency.python ?? defaultPythonConcurrency()
  // A shape that has been answered keeps a deeper pool (deepWarmPool: 20 on 2 cores), refilled while
  // no python run is in flight. Used containers are removed then too (up to a deep pool and a round
  // of job slots wait; then one at a time): in a burst, starts and removals beside the runs slowed
  // them (docs/benchmarks.md, "Python", sessions 7 and 8).
  const warmPoolDeep = deepWarmPool(pythonConcurrency)
  const dockerSandbox = lazyDockerSandbox({
    runtime: env.SYLLABUS_SANDBOX_RUNTIME,
    warmPoolSize: Math.min(pythonConcurrency, 32),
    warmPoolDeep,
    holdUsed: Math.min(warmPoolDeep + pythonConcurrency, 64),
  })
  const ingestionDatabase = lazyIngestionDatabase(env.GRADING_DATABASE_URL, env.GRADING_SOCKET_DIR)
  const bigQueryData = localBigQueryData(bigQueryDataDirIn(dataDir()), { hiddenSeed: env.SYLLABUS_DATASET_HIDDEN_SEED })
  const cloudConfig = cloudBigQueryConfigFromEnv(env)
  const cloudBigQuery = cloudConfig ? new CloudBigQuery(cloudConfig) : null
  // Made ready from the start, beside the queue's: the courses (read through the worker's own
  // reader, so the first job finds its course cached), Docker, the warm containers and the host's
  // compiler. Started after the queue, the first answer after a start waited for its course to be
  // read and its container to be started (docs/benchmarks.md, "Python"). The containers to warm are
  // known from the homework files alone, long before the courses are read in full (~2 s of a start):
  // their first containers start as soon as Docker answers (session 8).
  const reader = courseReader()
  const homeworkQuestions = pythonQuestionsFromHomeworkFiles(reader.root)
  const courses = reader
    .listSlugs()
    .catch(() => [])
    .then((slugs) => Promise.all(slugs.map((slug) => reader.read(slug).catch(() => null))))
  void courses.then(() => logger.debug('courses read'))
  void dockerSandbox().then(() => logger.debug('docker connected'))
  void Promise.all([dockerSandbox(), homeworkQuestions]).then(async ([sandbox, early]) => {
    if (!sandbox) {
      console.log(dim('No Docker engine answers: Python questions will say "code sandbox unavailable" (see docs/sandbox-docker.md).'))
      return
    }
    void warmHostCompiler().catch((error: unknown) => logger.warn({ err: error }, 'the host python compiler did not start; python answers will say so'))
    const onFirstStarted = () => logger.debug('warm-up begun')
    const more = courses.then((loaded) => pythonQuestionsOf(loaded.filter((course) => course !== null)))
    const shapes = await warmPythonSandbox(sandbox, early, { socketDir: env.GRADING_SOCKET_DIR, onFirstStarted, more }).catch((error: unknown) => {
      logger.warn({ err: error }, 'the warm python sandbox could not be filled; runs start their own containers')
      return 0
    })
    console.log(green(`The code sandbox is ready (Docker; ${sandbox.pooledCount()} warm containers for ${shapes} python question shapes, ${pythonConcurrency} python jobs at once).`))
  })
  const worker = await startGradingWorker({
    databaseUrl,
    engines: {
      ...defaultEngines(grading.connect),
      // BigQuery-dialect questions: the local engine (DuckDB over the exported Parquet files), or real
      // BigQuery when BIGQUERY_PROJECT_ID (and credentials) are set.
      bigquery: bigQueryEngine(bigQueryData, cloudBigQuery ? cloudBigQueryData(cloudBigQuery, bigQueryData) : undefined),
      python: pythonEngine(dockerSandbox, ingestionDatabase),
    },
    concurrency: { ...concurrency, python: pythonConcurrency },
  })
  // Scratch databases a crash or a lost connection left behind, dropped on a schedule, not only by tests.
  const scratchSweep = env.GRADING_DATABASE_URL
    ? scheduleScratchSweep(env.GRADING_DATABASE_URL, {
        onSwept: (names) => logger.warn({ names }, 'dropped scratch databases left behind'),
        onError: (error) => logger.warn({ err: error }, 'the scratch database sweep failed; it runs again later'),
      })
    : null
  logger.debug('taking jobs')
  console.log(green(`Grading worker ${worker.workerId} is taking jobs (quiz, postgres, bigquery, python).`))
  console.log(
    cloudConfig
      ? green(`BigQuery questions run on real BigQuery (project ${cloudConfig.projectId}, at most ${cloudConfig.maximumBytesBilled} bytes billed per query).`)
      : dim('BigQuery questions run on the local engine (set BIGQUERY_PROJECT_ID for real BigQuery, see docs/bigquery.md).'),
  )
  // Peer review's deadlines: reviewer assignment, replacements and results (server/projects/scheduler.ts).
  const stopProjectScheduler = startProjectScheduler()
  if (!env.GRADING_SOCKET_DIR)
    console.log(dim('GRADING_SOCKET_DIR is not set: Python ingestion questions will say "database unavailable" (see docs/sandbox-docker.md).'))
  // Opened once the courses are read: its connections and checks beside that read slowed the first
  // python answer after a start, which waits for it (docs/benchmarks.md, "Python", session 9). A SQL
  // answer that comes before opens it itself (lazyGradingEnvironment).
  // A stop before then opens nothing (its grading.close() would not see a later open).
  let stopRequested = false
  void courses.then(() => {
    if (stopRequested) return
    grading.connect().then(
      () => {
        logger.debug('postgres engine ready')
        console.log(green('The PostgreSQL engine is ready (datasets and sandbox role in place).'))
        // Built now rather than by the first ingestion answer, which would otherwise wait for it.
        void ingestionDatabase()
      },
      (error: Error) => {
        console.error(red(`✖ ${error.message}`))
        console.error(red('  SQL answers will be retried and then marked failed until the grading database works; quizzes are graded as usual.'))
      },
    )
  })

  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      stopRequested = true
      stopProjectScheduler()
      console.log(dim(`${signal}: finishing running jobs (unfinished ones go back to the queue)…`))
      // Idle warm containers go first, beside the drain of running jobs: `npm start` stops waiting
      // for this process after 25 s, and a cut-short stop must not leave containers running.
      void Promise.all([worker.stop({ timeoutMs: 20_000 }), dockerSandbox.closeWarmPool()])
        // For benchmarks (bench:queue --profile): where this worker's time went, per engine.
        .then(() => env.SYLLABUS_WORKER_PHASES && console.log(`worker phases: ${JSON.stringify(worker.phases())}`))
        .then(() => scratchSweep?.stop())
        .then(() => grading.close())
        .then(() => dockerSandbox.close())
        .then(() => disconnectDb())
        .then(
          () => resolve(0),
          (error: unknown) => {
            logger.error({ err: error }, 'the worker did not stop cleanly')
            resolve(1)
          },
        )
    }
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
  })
}
