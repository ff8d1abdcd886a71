// `npm run bench:queue`: 10 000 mixed quiz and SQL submissions through the real path — submitAnswer
// (one transaction with its pg-boss job), worker processes (`syllabus worker`), result + scores
// transaction — with 1 and then 2 workers, each on a fresh app database. Prints drain throughput and
// submit→result latency percentiles. Uses a throwaway embedded PostgreSQL (app and grading databases).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { miniCourseDir } from '../course/fixture-copy.ts'
import { loadCourse } from '../course/load.ts'
import { ensureDatasetLoaded } from '../datasets/nyc-taxi/load.ts'
import { openSqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import { db, disconnectDb } from '../server/db/client.ts'
import { prepareSocketDirectory, startEmbeddedCluster } from '../server/db/embedded-cluster.ts'
import { applyMigrations } from '../server/db/migrate.ts'
import { stopGradingQueue } from '../server/grading/job-sender.ts'
import { gradingWorkerConfigSchema, type WorkerPhases } from '../server/grading/worker.ts'
import { submitAnswer } from '../server/submissions/submit-answer.ts'
import { checkGradedExactlyOnce, describeExactlyOnce } from './lib/exactly-once.ts'
import { explainRecompute } from './queue/explain-recompute.ts'
import { pgBossYardstick } from './queue/pgboss-yardstick.ts'
import { cpuSeconds, samplePostgresCpu } from './queue/process-cpu.ts'
import { drainTimeline, sampleMachineCpu } from './queue/timeline.ts'
import { createLearner, seedCourseRows } from '../server/submissions/testing/seed-course.ts'

const root = path.resolve(import.meta.dirname, '..')
process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
// The course calendar's clock, for this process and the workers: both mini homeworks open (hw2 opens on 21 January 2027).
const clockFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-queue-clock-')), 'now')
await writeFile(clockFile, '2027-01-22T12:00:00Z')
process.env.SYLLABUS_TEST_CLOCK_FILE = clockFile
const { values } = parseArgs({
  options: {
    submissions: { type: 'string', default: '10000' },
    'sql-share': { type: 'string', default: '0.3' },
    // Enough that no learner goes over a question's 10 attempts (the mini course's max_attempts) in 10 000 submissions.
    learners: { type: 'string', default: '2000' },
    workers: { type: 'string', default: '1,2' },
    // Two quiz slots: a quiz batch of 30 grades in a few milliseconds and otherwise waits on the app
    // database, so more slots only add fetches and transactions contending there (quiz=8 used 20 % more CPU
    // in the drain than quiz=2 with the batches of session 9: docs/benchmarks.md, "Queue").
    concurrency: { type: 'string', default: 'quiz=2,postgres=3' },
    /** Also print the statements per job (pg_stat_statements) and the CPU seconds of workers and PostgreSQL. */
    profile: { type: 'boolean', default: false },
    /** Extra PostgreSQL settings for an experiment, `name=value`, repeatable (say autovacuum=off). */
    'pg-setting': { type: 'string', multiple: true, default: [] },
    /** With --profile: the score recompute's plan (EXPLAIN ANALYZE, BUFFERS) on the app database the drain left. */
    explain: { type: 'boolean', default: false },
    /** Print the runs finished per 2 s per engine during the drain, beside the machine's CPU busy share. */
    timeline: { type: 'boolean', default: false },
    /** Skip the pg-boss-alone yardstick. */
    'no-yardstick': { type: 'boolean', default: false },
    /** Connect over TCP on loopback instead of the cluster's Unix socket (as `npm start` does), to compare. */
    tcp: { type: 'boolean', default: false },
  },
})
const total = Number(values.submissions)
const sqlShare = Number(values['sql-share'])
const learnerCount = Number(values.learners)

const quizAnswers: [string, string, unknown][] = [
  ['hw1', 'docker-rm-flag', 'c'],
  ['hw1', 'docker-rm-flag', 'a'],
  ['hw1', 'warehouse-features', ['a']],
  ['hw1', 'postgres-port', 5432],
  ['hw1', 'postgres-cli-client', ' PGCLI '],
  ['hw2', 'parquet-engine', 'pyarrow'],
]
const sqlAnswers = [
  'SELECT lpep_pickup_datetime::date AS pickup_day FROM green_tripdata ORDER BY trip_distance DESC LIMIT 1',
  'SELECT lpep_dropoff_datetime::date AS pickup_day FROM green_tripdata ORDER BY lpep_dropoff_datetime - lpep_pickup_datetime DESC LIMIT 1',
  'SELECT lpep_pickup_datetime::date AS pickup_day, max(trip_distance) FROM green_tripdata GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
]

function sum(values: Iterable<number>) {
  let total = 0
  for (const value of values) total += value
  return total
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function createDatabase(adminUrl: string, name: string) {
  const admin = new pg.Client(adminUrl)
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/syllabus.ts', 'worker', '--concurrency', values.concurrency!], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    const phases = /worker phases: (\{.*\})\n/.exec(output)
    if (phases) workerPhases.set(child, JSON.parse(phases[1]!) as Record<string, WorkerPhases>)
  })
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('PostgreSQL engine is ready')) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)))
  })
}

const allWorkers: ChildProcess[] = []
const TIMELINE_MS = 2_000
/** What each worker printed about its time per engine when it stopped (SYLLABUS_WORKER_PHASES, with --profile). */
const workerPhases = new Map<ChildProcess, Record<string, WorkerPhases>>()
process.on('exit', () => allWorkers.forEach((worker) => worker.exitCode === null && worker.kill('SIGKILL')))

async function runOnce(adminUrl: string, workerCount: number) {
  const databaseUrl = await createDatabase(adminUrl, `bench_queue_${workerCount}_${Date.now()}`)
  await applyMigrations(databaseUrl)
  process.env.DATABASE_URL = databaseUrl
  const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  const learners = await Promise.all(Array.from({ length: learnerCount }, () => createLearner({ enrolIn: seeded.courseId })))

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    GRADING_DATABASE_URL: adminUrl,
    SYLLABUS_COURSES_DIR: path.dirname(miniCourseDir),
    SYLLABUS_PROCESS: 'worker',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...(values.profile ? { SYLLABUS_WORKER_PHASES: '1' } : {}),
  }
  // Phase 1: the whole backlog is enqueued first, so the drain below measures the workers alone.
  const enqueueStarted = performance.now()
  let next = 0
  const submitOne = async () => {
    for (;;) {
      const index = next++
      if (index >= total) return
      const learner = learners[index % learners.length]!
      const isSql = (index * 7919) % 1000 < sqlShare * 1000
      const [homeworkSlug, questionSlug, answer] = isSql
        ? ['hw1', 'longest-trip-day', sqlAnswers[index % sqlAnswers.length]]
        : quizAnswers[index % quizAnswers.length]!
      await submitAnswer({ userId: learner.id, courseSlug: 'mini', homeworkSlug, questionSlug, answer }, { rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } })
    }
  }
  await Promise.all(Array.from({ length: 8 }, submitOne))
  const enqueuedMs = performance.now() - enqueueStarted

  // Phase 2: start the workers and drain. The backlog is held back (pg-boss skips a job whose
  // start_after is in the future) until every worker is ready, so the drain does not include the
  // workers' start-up (opening the SQL engine), during which they used to take quiz jobs slowly.
  await db.$executeRaw`UPDATE pgboss.job SET start_after = now() + interval '1 day' WHERE state = 'created'`
  // start_after is a key of pg-boss's fetch index: each update leaves a dead entry per job for the
  // fetches to skip until autovacuum comes, so both updates are vacuumed away. (At 10 000 quiz jobs it
  // made no clear difference: pg-boss's fetch took 26 ms without, 22 ms with.)
  await db.$executeRawUnsafe('VACUUM pgboss.job')
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(env)))
  allWorkers.push(...workers)
  // Connected now: setting up the app database and the workers' grading environment may close connections.
  const statements = values.profile ? new pg.Client(databaseUrl) : null
  statements?.on('error', (error) => console.error(`profile connection lost: ${error.message}`))
  await statements?.connect()
  await statements?.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
  await statements?.query('SELECT pg_stat_statements_reset()')
  const sessionsQuery = 'SELECT datname, sessions::int AS sessions FROM pg_stat_database WHERE datname IS NOT NULL'
  const sessionsBefore = statements ? new Map((await statements.query<{ datname: string; sessions: number }>(sessionsQuery)).rows.map((row) => [row.datname, row.sessions])) : null
  // Autovacuum and autoanalyze runs on the app database's tables during the drain.
  const vacuumQuery = `SELECT schemaname || '.' || relname AS name, autovacuum_count::int AS vacuums, autoanalyze_count::int AS analyzes,
                              n_dead_tup::int AS dead FROM pg_stat_all_tables WHERE schemaname IN ('public', 'pgboss')`
  const vacuumBefore = statements ? new Map((await statements.query<{ name: string; vacuums: number; analyzes: number }>(vacuumQuery)).rows.map((row) => [row.name, row])) : null
  const cpuBefore = values.profile ? { workers: await Promise.all(workers.map((worker) => cpuSeconds(worker.pid!))), postgres: samplePostgresCpu(postmasterPid) } : null
  await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE state = 'created'`
  await db.$executeRawUnsafe('VACUUM pgboss.job')
  const started = performance.now()
  const machineCpu = values.timeline ? sampleMachineCpu(TIMELINE_MS) : null
  let progress = 0
  // Polled with a one-row probe (a count of every open run cost PostgreSQL 12 ms per poll at this
  // backlog, 2.5 s of a drain); the count only every 5 s, for the progress line.
  for (;;) {
    const [anyOpen] = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "GradingRun" WHERE status IN ('queued', 'running') LIMIT 1`
    if (!anyOpen) break
    if (performance.now() - started > progress * 5_000) {
      progress += 1
      const open = await db.gradingRun.count({ where: { status: { in: ['queued', 'running'] } } })
      process.stderr.write(`  … ${open} runs still open after ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const drainedMs = performance.now() - started
  const cpuShares = machineCpu?.stop()
  // The drain as the database saw it: from the first job a worker started to the last result, so a
  // worker that takes jobs while it is still starting up counts them too.
  const [span] = await db.$queryRaw<{ ms: number }[]>`
    SELECT extract(epoch FROM max("finishedAt") - min("startedAt"))::float8 * 1000 AS ms FROM "GradingRun"`
  if (statements && cpuBefore) {
    const workerCpu = (await Promise.all(workers.map((worker) => cpuSeconds(worker.pid!)))).map((after, index) => after - cpuBefore.workers[index]!)
    const postgres = await cpuBefore.postgres.stop()
    const postgresCpu = sum(postgres.byKind.values()) + postgres.unseen + postgres.postmaster
    const { rows: top } = await statements.query<{ calls: string; total_ms: number; plans: string; plan_ms: number; query: string }>(
      `SELECT calls, total_exec_time AS total_ms, plans, total_plan_time AS plan_ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY calls DESC`,
    )
    const calls = top.reduce((sum, row) => sum + Number(row.calls), 0)
    const execMs = top.reduce((sum, row) => sum + row.total_ms, 0)
    const load = os.loadavg().map((value) => value.toFixed(2)).join(' ')
    console.error(`\n${workerCount} worker(s): ${calls} statements (${(calls / total).toFixed(1)} per job), executing ${(execMs / 1000).toFixed(1)} s in PostgreSQL;`)
    console.error(`  CPU during the drain: workers ${workerCpu.map((seconds) => seconds.toFixed(1)).join(' + ')} s, PostgreSQL ${postgresCpu.toFixed(1)} s (wall ${(drainedMs / 1000).toFixed(1)} s; load average ${load})`)
    const byProcess = [...postgres.byKind, ['postmaster', postgres.postmaster] as const, ['exited unseen by sampling', postgres.unseen] as const].filter(([, seconds]) => seconds >= 0.1)
    console.error(`  PostgreSQL CPU by process: ${byProcess.sort((a, b) => b[1] - a[1]).map(([title, seconds]) => `${title} ${seconds.toFixed(1)} s (${postgres.processes.get(title) ?? '?'} processes)`).join('; ')}`)
    await statements.query('SELECT pg_stat_clear_snapshot()')
    const sessions = (await statements.query<{ datname: string; sessions: number }>(sessionsQuery)).rows
      .map((row) => [row.datname, row.sessions - (sessionsBefore?.get(row.datname) ?? 0)] as const)
      .filter(([, count]) => count > 0)
    console.error(`  connections opened: ${sessions.map(([name, count]) => `${name} ${count}`).join('; ')}`)
    const vacuums = (await statements.query<{ name: string; vacuums: number; analyzes: number; dead: number }>(vacuumQuery)).rows
      .map((row) => ({ ...row, vacuums: row.vacuums - (vacuumBefore?.get(row.name)?.vacuums ?? 0), analyzes: row.analyzes - (vacuumBefore?.get(row.name)?.analyzes ?? 0) }))
      .filter((row) => row.vacuums > 0 || row.analyzes > 0)
    console.error(`  autovacuum during the drain: ${vacuums.map((row) => `${row.name} ${row.vacuums} vacuums, ${row.analyzes} analyzes (${row.dead} dead rows at the end)`).join('; ') || 'none'}`)
    const { rows: byDatabase } = await statements.query<{ datname: string; calls: string; total_ms: number }>(
      `SELECT d.datname, sum(s.calls) AS calls, sum(s.total_exec_time) AS total_ms
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid GROUP BY d.datname ORDER BY 3 DESC`,
    )
    console.error(`  by database: ${byDatabase.map((row) => `${row.datname} ${row.calls} statements, ${(row.total_ms / 1000).toFixed(1)} s`).join('; ')}`)
    for (const row of top.slice(0, 12)) {
      // Planning is counted only with pg_stat_statements.track_planning=on (--pg-setting).
      const planning = Number(row.plans) > 0 ? ` (+ ${Number(row.plans)} plans, ${(row.plan_ms / Number(row.plans)).toFixed(3)} ms each)` : ''
      console.error(`  ${(Number(row.calls) / total).toFixed(2).padStart(6)}/job ${(row.total_ms / Number(row.calls)).toFixed(3).padStart(8)} ms${planning}  ${row.query.slice(0, 140)}`)
    }
    // The dataset databases' statements (public and hidden variants together), by text: what a SQL job costs there.
    const { rows: datasetTop } = await statements.query<{ calls: string; total_ms: number; query: string }>(
      `SELECT sum(s.calls) AS calls, sum(s.total_exec_time) AS total_ms, regexp_replace(s.query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname LIKE 'syllabus_ds_%'
        GROUP BY 3 ORDER BY 2 DESC LIMIT 8`,
    )
    for (const row of datasetTop) {
      console.error(`  datasets: ${String(row.calls).padStart(6)} calls ${(row.total_ms / Number(row.calls)).toFixed(3).padStart(8)} ms  ${row.query.slice(0, 140)}`)
    }
    if (values.explain) console.error(`  the score recompute after the drain, a batch of 10 learners:\n${await explainRecompute(statements, { pairs: 10 })}`)
  }
  await statements?.end()
  if (cpuShares) console.error(`  finished per ${TIMELINE_MS / 1000} s of the drain:\n${await withClient(databaseUrl, (client) => drainTimeline(client, TIMELINE_MS, cpuShares))}`)
  const rows = await db.$queryRaw<{ ms: number; gradeMs: number; engine: string; status: string }[]>`
    SELECT extract(epoch FROM r."finishedAt" - r."queuedAt")::float8 * 1000 AS ms,
           extract(epoch FROM r."finishedAt" - r."startedAt")::float8 * 1000 AS "gradeMs", r.engine, r.status::text AS status
      FROM "GradingRun" r JOIN "Submission" s ON s.id = r."submissionId"`
  const latencies = rows.map((row) => row.ms).sort((a, b) => a - b)
  const gradeTimes = rows.map((row) => row.gradeMs).sort((a, b) => a - b)
  const failed = rows.filter((row) => row.status !== 'succeeded').length
  const errors = await db.$queryRaw<{ error: string; runs: number }[]>`
    SELECT left(error, 160) AS error, count(*)::int AS runs FROM "GradingRun" WHERE error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`
  for (const { error, runs } of errors) console.error(`  ${runs} run(s) failed or wait for a retry: ${error}`)
  const exactlyOnce = await withClient(databaseUrl, (client) => checkGradedExactlyOnce(client))
  console.error(`  ${workerCount} worker(s): ${exactlyOnce.submissions} submissions of ${total} sent; ${describeExactlyOnce(exactlyOnce)}`)
  for (const worker of workers) worker.kill('SIGTERM')
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))))
  if (values.profile) {
    // Per engine, summed over the workers: wall time of the worker's start statement, the grading and the store transaction, per job.
    const byEngine = new Map<string, WorkerPhases>()
    for (const phases of workers.map((worker) => workerPhases.get(worker) ?? {})) {
      for (const [engine, entry] of Object.entries(phases)) {
        const sum = byEngine.get(engine) ?? { jobs: 0, batches: 0, stores: 0, startMs: 0, gradeMs: 0, storeMs: 0 }
        for (const key of Object.keys(sum) as (keyof WorkerPhases)[]) sum[key] += entry[key]
        byEngine.set(engine, sum)
      }
    }
    for (const [engine, sum] of byEngine) {
      const per = (ms: number) => (ms / sum.jobs).toFixed(2)
      console.error(
        `  ${engine}: ${sum.jobs} jobs in ${sum.batches} starts and ${sum.stores} stores; per job (wall, in the worker): start ${per(sum.startMs)} ms, grade ${per(sum.gradeMs)} ms, store ${per(sum.storeMs)} ms`,
      )
    }
  }
  await stopGradingQueue()
  await disconnectDb()
  return {
    workers: workerCount,
    submissions: rows.length,
    lost: exactlyOnce.lost + (total - exactlyOnce.submissions),
    gradedTwice: exactlyOnce.gradedTwice + exactlyOnce.questionScoresWrong + exactlyOnce.coursePointsWrong,
    sql: rows.filter((row) => row.engine === 'postgres').length,
    failed,
    enqueueSeconds: enqueuedMs / 1000,
    enqueueRate: rows.length / (enqueuedMs / 1000),
    gradeP50: percentile(gradeTimes, 50),
    gradeP99: percentile(gradeTimes, 99),
    drainSeconds: span!.ms / 1000,
    throughput: rows.length / (span!.ms / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  }
}

function overTcp(url: string) {
  const target = new URL(url)
  target.searchParams.delete('host')
  return target.toString()
}

const benchDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-queue-'))
const socketDir = path.join(benchDir, 'socket')
const cluster = await startEmbeddedCluster({
  dataDir: path.join(benchDir, 'pg'),
  persistent: false,
  settings: {
    ...(await prepareSocketDirectory(socketDir)),
    max_connections: '200',
    ...(values.profile ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {}),
    ...Object.fromEntries(values['pg-setting']!.map((setting) => setting.split('=', 2) as [string, string])),
  },
})
const postmasterPid = Number((await readFile(path.join(benchDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0])
try {
  const adminUrl = values.tcp ? overTcp(cluster.url('postgres')) : cluster.url('postgres')
  for (const variant of ['public', 'hidden'] as const) await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant, size: 'small' })
  // The whole grading environment (the pool of hidden variants, the learner role) before any worker:
  // a worker opening it would otherwise build it while it already takes jobs, inside the drain.
  await (await openSqlGradingEnvironment(adminUrl, { size: 'small', rotateHiddenVariants: false })).close()
  const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ')
  console.log(`Queue benchmark: ${total} submissions (${Math.round(sqlShare * 100)} % SQL), ${learnerCount} learners, worker concurrency ${values.concurrency}, ${os.cpus().length} cores; load average ${loadAverage()} at the start`)
  console.log('| workers | submissions | SQL | failed | lost | scored twice | enqueue (s, /s) | drain (s) | drain throughput (/s) | start→result p50 / p99 (ms) | submit→result p50 / p99 (ms) | vs pg-boss alone |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  const results = []
  for (const workerCount of values.workers!.split(',').map(Number)) results.push(await runOnce(adminUrl, workerCount))
  // The yardstick: pg-boss alone, no-op jobs, as many workers as the largest row, the quiz queue's batch shape.
  const yardstickWorkers = Math.max(...results.map((result) => result.workers))
  const yardstick = values['no-yardstick'] ? null : await pgBossYardstick(await createDatabase(adminUrl, `bench_queue_yardstick_${Date.now()}`), { jobs: total, workers: yardstickWorkers, batchSize: gradingWorkerConfigSchema.parse({ databaseUrl: adminUrl }).batchSize.quiz!, localConcurrency: 8 })
  for (const result of results) {
    console.log(
      `| ${result.workers} | ${result.submissions} | ${result.sql} | ${result.failed} | ${result.lost} | ${result.gradedTwice} | ${result.enqueueSeconds.toFixed(1)} (${result.enqueueRate.toFixed(0)}/s) | ${result.drainSeconds.toFixed(1)} | ${result.throughput.toFixed(0)} | ${result.gradeP50.toFixed(0)} / ${result.gradeP99.toFixed(0)} | ${result.p50.toFixed(0)} / ${result.p99.toFixed(0)} | ${yardstick ? `${(result.drainSeconds / yardstick.drainSeconds).toFixed(1)}×` : '—'} |`,
    )
  }
  if (yardstick) {
    console.log(`| pg-boss alone (no-op jobs, ${yardstickWorkers} instances) | ${yardstick.jobs} | — | — | — | — | ${yardstick.enqueueSeconds.toFixed(1)} | ${yardstick.drainSeconds.toFixed(2)} | ${(yardstick.jobs / yardstick.drainSeconds).toFixed(0)} | — | — | 1× |`)
  }
  console.log(`load average ${loadAverage()} at the end`)
} finally {
  await cluster.stop()
  await rm(benchDir, { recursive: true, force: true })
  await rm(path.dirname(clockFile), { recursive: true, force: true })
}
