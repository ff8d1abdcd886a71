// `npm run bench:python`: submit → verdict of a course Python question's reference answer through the
// real path — submitAnswer (one transaction with its pg-boss job) → a `syllabus worker` process (the
// python engine, the Docker sandbox with its warm pool) → the stored result — on a throwaway embedded
// PostgreSQL. Measures, in one run:
//   1. the first answer after the worker says it takes jobs (what a learner sees right after `npm start`);
//   2. answers one at a time (p50, p99);
//   3. a burst: `--burst` learners (20) submitting at once (p50, p99, max);
//   4. the yardstick: a cold `docker run --rm --network none` of the same image running one line of Python;
// then reads the CPU counters of the idle warm containers for 3 s, stops the worker with SIGTERM and
// counts the containers it left. Needs Docker and the built image (`npm run syllabus -- sandbox build`).
// Submit→verdict: from the submitAnswer call to the stored run's finishedAt.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import Docker from 'dockerode'
import pg from 'pg'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { loadCourse } from '../course/load.ts'
import { ensureDatasetLoaded } from '../datasets/nyc-taxi/load.ts'
import { openSqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import { db, disconnectDb } from '../server/db/client.ts'
import { startEmbeddedCluster } from '../server/db/embedded-cluster.ts'
import { applyMigrations } from '../server/db/migrate.ts'
import { getGradingQueue, stopGradingQueue } from '../server/grading/job-sender.ts'
import { submitAnswer } from '../server/submissions/submit-answer.ts'
import { createLearner, seedCourseRows } from '../server/submissions/testing/seed-course.ts'
import { imageTags } from '../sandbox/docker/index.ts'
import { SANDBOX_LABEL } from '../sandbox/docker/config.ts'

const root = path.resolve(import.meta.dirname, '..')
const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    course: { type: 'string', default: 'data-engineering-zoomcamp' },
    question: { type: 'string', default: 'hw2/transform-green-rows' },
    samples: { type: 'string', default: '15' },
    burst: { type: 'string', default: '20' },
    /** Passed to the worker as `--concurrency python=N`; the worker's default (from the cores) otherwise. */
    concurrency: { type: 'string' },
    /** Writes the worker's debug log (each container's prepare / run / removal times) to this file. */
    trace: { type: 'string' },
  },
})
const samples = Number(flags.samples)
const burst = Number(flags.burst)
const log = (message: string) => process.stderr.write(`${message}\n`)
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ')
const run = promisify(execFile)

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const loadAverageAtStart = loadAverage()
const course = await loadCourse(path.join(repositoryCoursesDir, flags.course!))
const [homeworkSlug, questionSlug] = flags.question!.split('/') as [string, string]
const week = course.weeks.find((candidate) => candidate.homework?.slug === homeworkSlug)
const question = week?.homework?.questions.find((candidate) => candidate.slug === questionSlug)
if (!week?.homework || question?.kind !== 'python') throw new Error(`${flags.question} is not a python question of ${course.slug}`)
const reference = await readFile(path.join(repositoryCoursesDir, flags.course!, 'weeks', week.folder, 'hidden', 'solutions', `${questionSlug}.py`), 'utf8')
// Submitted a day before the deadline, whatever today's date: the bench measures grading, not lateness.
const submittedAt = new Date(week.homework.deadline.getTime() - 24 * 3600 * 1000)

const docker = new Docker()
const image = imageTags(question.spec.image).image
await docker.getImage(image).inspect().catch(() => {
  throw new Error(`${image} is not built: npm run syllabus -- sandbox build`)
})

const benchDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-python-'))
const cluster = await startEmbeddedCluster({ dataDir: path.join(benchDir, 'pg'), persistent: false, settings: { fsync: 'off', synchronous_commit: 'off' } })
let worker: ChildProcess | null = null
process.on('exit', () => worker?.exitCode === null && worker.kill('SIGKILL'))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

/**
 * Submits the reference as `learnerId` and resolves with submit→verdict (ms) once the run is stored:
 * from just before submitAnswer to the run's finishedAt (the worker's clock, the same machine's), so
 * the polling here adds nothing to the figure.
 */
/** Where one answer's time went: submitAnswer's transaction, waiting in the queue, the engine, storing the result. */
interface Phases {
  submit: number
  queued: number
  engine: number
  store: number
}
const phases = new Map<number[], Phases[]>()

async function submitAndWait(learnerId: string, into?: number[]): Promise<number> {
  const started = Date.now()
  const { runId } = await submitAnswer(
    { userId: learnerId, courseSlug: course.slug, homeworkSlug, questionSlug, answer: reference },
    { now: submittedAt, rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } },
  )
  const submitted = Date.now()
  for (;;) {
    const stored = await db.gradingRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, verdict: true, startedAt: true, finishedAt: true, durationMs: true, error: true } })
    if (stored.status === 'succeeded' || stored.status === 'failed') {
      if (stored.verdict !== 'correct') throw new Error(`the reference was not graded correct: ${stored.status} ${stored.verdict} ${stored.error ?? ''}`)
      const total = stored.finishedAt!.getTime() - started
      if (into) {
        const running = stored.finishedAt!.getTime() - stored.startedAt!.getTime()
        const list = phases.get(into) ?? []
        list.push({ submit: submitted - started, queued: stored.startedAt!.getTime() - submitted, engine: stored.durationMs ?? 0, store: running - (stored.durationMs ?? 0) })
        phases.set(into, list)
        into.push(total)
      }
      return total
    }
    // The figure is the worker's finishedAt, so how often this looks does not change it; looking every
    // 20 ms for 20 learners at once was ~1,000 queries a second on the cores being measured.
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** CPU time (ns) each container used, from the engine's counters. */
async function containerCpu(ids: string[]): Promise<Map<string, number>> {
  const stats = await Promise.all(
    ids.map(async (id) => [id, ((await docker.getContainer(id).stats({ stream: false }).catch(() => null)) as Docker.ContainerStats | null)?.cpu_stats?.cpu_usage?.total_usage] as const),
  )
  // A used container the worker removed meanwhile (it removes them one at a time after a burst) has none.
  return new Map(stats.filter((entry): entry is readonly [string, number] => entry[1] !== undefined))
}

/** CPU seconds used so far by the whole machine (busy, all cores) and by the processes named here (dockerd, containerd, its shims, the worker). */
async function cpuCounters(workerPid: number): Promise<Map<string, number>> {
  const ticks = 100
  const counters = new Map<string, number>()
  const add = (name: string, seconds: number) => counters.set(name, (counters.get(name) ?? 0) + seconds)
  const [, ...fields] = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).map(Number)
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  add('machine', fields.reduce((sum, value, index) => (index === 3 || index === 4 || index > 7 ? sum : sum + value!), 0) / ticks)
  add('of it in the kernel', (fields[2]! + fields[5]! + fields[6]!) / ticks)
  // Every container's processes (runner, the answer's), removed ones included: cgroup v1 charges the parent.
  const containers = await readFile('/sys/fs/cgroup/cpuacct/docker/cpuacct.usage', 'utf8').catch(() => null)
  if (containers) add('containers', Number(containers) / 1e9)
  const bench = process.cpuUsage()
  add('this bench', (bench.user + bench.system) / 1e6)
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const match = /^\d+ \((.*)\) \S+ (\d+)(?: \S+){9} (\d+) (\d+) (\d+) (\d+)/.exec(stat)
    if (!match) continue
    const [, comm, ppid, utime, stime, cutime, cstime] = match
    const own = (Number(utime) + Number(stime)) / ticks
    const reaped = (Number(cutime) + Number(cstime)) / ticks
    if (comm === 'dockerd' || comm === 'containerd') add(comm, own + reaped)
    else if (comm!.startsWith('containerd-shim')) add('shims (alive)', own)
    else if (Number(entry) === workerPid) add('worker (+ its ended children)', own + reaped)
    else if (Number(ppid) === workerPid) add('worker children (host compilers)', own)
  }
  return counters
}

try {
  const adminUrl = cluster.url('postgres')
  const admin = new pg.Client(adminUrl)
  await admin.connect()
  await admin.query('CREATE DATABASE bench_python')
  await admin.end()
  const databaseUrl = cluster.url('bench_python')
  await applyMigrations(databaseUrl)
  process.env.DATABASE_URL = databaseUrl
  process.env.SYLLABUS_COURSES_DIR = repositoryCoursesDir
  // The submitting side as `npm start` runs the web process (NODE_ENV=production): its course reader
  // rechecks a course folder at most once a second. Without it every submit here walked the course
  // (~280 files) again, which a running site does not do (docs/benchmarks.md, "Python", session 9).
  Object.assign(process.env, { NODE_ENV: 'production' })
  const seeded = await seedCourseRows(course)
  // One for the first answer, one per burst slot, one whose answer warms the submitting side.
  const learners = await Promise.all(Array.from({ length: Math.max(burst, 1) + 2 }, () => createLearner({ enrolIn: seeded.courseId })))

  // The submitting side warm, as a running web process is: its job sender started, its queries used.
  // A text answer of the same homework: the same transaction, on another queue than python's.
  await getGradingQueue()
  const textQuestion = week.homework.questions.find((candidate) => candidate.kind === 'text' || candidate.kind === 'numeric')
  if (textQuestion)
    await submitAnswer(
      { userId: learners.at(-1)!.id, courseSlug: course.slug, homeworkSlug, questionSlug: textQuestion.slug, answer: textQuestion.kind === 'numeric' ? 1 : 'x' },
      { now: submittedAt, rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } },
    )
  // The grading cluster as a restart of `npm start` finds it (datasets, hidden variants, learner role
  // ready): without a GRADING_DATABASE_URL the worker would start the embedded one under .data and
  // load the full dataset there while being measured.
  await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small' })
  await (await openSqlGradingEnvironment(adminUrl, { size: 'small', rotateHiddenVariants: false })).close()
  // The worker as `npm start` runs it.
  const workerStarted = performance.now()
  worker = spawn(process.execPath, ['--import', 'tsx', 'cli/syllabus.ts', 'worker', ...(flags.concurrency ? ['--concurrency', `python=${flags.concurrency}`] : [])], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_SIZE: 'small', SYLLABUS_COURSES_DIR: repositoryCoursesDir, SYLLABUS_PROCESS: 'worker', LOG_LEVEL: flags.trace ? 'debug' : 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const workerPid = worker.pid!
  let output = ''
  const printed = (text: string) =>
    new Promise<number>((resolve, reject) => {
      const check = () => (output.includes(text) ? resolve(performance.now() - workerStarted) : undefined)
      worker!.stdout!.on('data', check)
      worker!.once('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${output}`)))
      check()
    })
  worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const sandboxReady = printed('The code sandbox is ready')
  const takingJobsMs = await printed('is taking jobs')
  log(`worker taking jobs after ${takingJobsMs.toFixed(0)} ms; submitting the first answer now`)

  const first: number[] = []
  const firstMs = await submitAndWait(learners[0]!.id, first)
  const sandboxReadyMs = await sandboxReady
  log(`first verdict: ${firstMs} ms; ${output.split('\n').find((line) => line.includes('code sandbox is ready'))?.trim()}`)

  const sequential: number[] = []
  for (let i = 0; i < samples; i++) {
    await submitAndWait(learners[1 + (i % burst)]!.id, sequential)
    log(`  one at a time ${i + 1}/${samples}: ${sequential.at(-1)} ms`)
  }

  // Let the pool refill, as it would between two classes' rushes: until the set of the worker's
  // containers has not changed for 3 s (the used ones removed, the deep pool made again one container
  // at a time while nothing runs), at most 60 s. It was a fixed 2 s, and the burst then began with the
  // pool a few containers short of the answers the one-at-a-time rows had just used.
  const ownerLabel = `${SANDBOX_LABEL}.owner=${os.hostname()}/${workerPid}`
  const ours = async () => (await docker.listContainers({ all: true, filters: { label: [ownerLabel] } })).map((container) => container.Id).sort().join(',')
  const untilStable = async (limitMs: number) => {
    const began = performance.now()
    let seen = await ours()
    let stableSince = performance.now()
    while (performance.now() - stableSince < 3_000 && performance.now() - began < limitMs) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const now = await ours()
      if (now !== seen) [seen, stableSince] = [now, performance.now()]
    }
    return { changedForMs: stableSince - began, count: seen ? seen.split(',').length : 0 }
  }
  const beforeBurst = await untilStable(60_000)
  log(`pool refilled ${(beforeBurst.changedForMs / 1000).toFixed(1)} s after the one-at-a-time answers (${beforeBurst.count} containers); the burst now`)
  const burstStarted = performance.now()
  const burstStartedAt = Date.now()
  const cpuBefore = await cpuCounters(workerPid)
  const together: number[] = []
  await Promise.all(learners.slice(1, burst + 1).map((learner) => submitAndWait(learner.id, together)))
  const burstWallMs = performance.now() - burstStarted
  const cpuAfter = await cpuCounters(workerPid)
  const burstCpu = [...cpuAfter].map(([name, seconds]) => `${name} ${(seconds - (cpuBefore.get(name) ?? 0)).toFixed(1)} s`)
  const burstEndedAt = Date.now()
  if (flags.trace) await writeFile(flags.trace, `${JSON.stringify({ bench: 'burst', from: burstStartedAt, to: burstEndedAt })}\n${output}`)
  log(`  burst of ${burst}: ${together.join(', ')} ms`)

  // Idle warm containers: their CPU counters over 3 s, once the used ones the worker holds during a
  // burst are removed and the pool's refill is done (it removes them after the runs, one at a time,
  // each within 30 s, and refills one container at a time): the set of our containers unchanged for 3 s.
  const usedRemovedMs = (await untilStable(90_000)).changedForMs
  const running = await docker.listContainers({ filters: { label: [ownerLabel], status: ['running'] } })
  const before = await containerCpu(running.map((container) => container.Id))
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  const after = await containerCpu(running.map((container) => container.Id))
  const idleCpuMs = [...after].filter(([id]) => before.has(id)).map(([id, ns]) => (ns - before.get(id)!) / 1e6)
  const idleMemoryMb = (
    await Promise.all(running.map(async (container) => ((await docker.getContainer(container.Id).stats({ stream: false }).catch(() => null)) as Docker.ContainerStats | null)?.memory_stats?.usage))
  )
    .filter((bytes): bytes is number => bytes !== undefined)
    .map((bytes) => bytes / 2 ** 20)

  const yardstick: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    await run('docker', ['run', '--rm', '--network', 'none', '--user', '65534:65534', image, '/usr/bin/python3', '-I', '-c', 'import json; print(json.dumps(sum([1, 2])))'])
    yardstick.push(performance.now() - started)
  }

  const stopStarted = performance.now()
  worker.kill('SIGTERM')
  await new Promise((resolve) => worker!.once('exit', resolve))
  const stopMs = performance.now() - stopStarted
  const left = await docker.listContainers({ all: true, filters: { label: [ownerLabel] } })

  const dockerRun = percentile(yardstick, 0.5)
  const concurrency = /(\d+) python jobs at once/.exec(output)?.[1] ?? '?'
  console.log(`Python submit → verdict, ${course.slug} ${flags.question} (reference answer), worker python concurrency ${concurrency}, ${os.availableParallelism()} cores`)
  console.log(`| measure | p50 | p99 | max | p50 vs docker run |`)
  console.log(`|---|---|---|---|---|`)
  const row = (label: string, values: number[]) =>
    console.log(`| ${label} | ${percentile(values, 0.5).toFixed(0)} ms | ${percentile(values, 0.99).toFixed(0)} ms | ${Math.max(...values).toFixed(0)} ms | ${(percentile(values, 0.5) / dockerRun).toFixed(2)}× |`)
  row('first answer after the worker starts', [firstMs])
  row(`one at a time (${samples})`, sequential)
  row(`${burst} learners at once (all done in ${(burstWallMs / 1000).toFixed(1)} s)`, together)
  row('yardstick: docker run --rm, one line of Python', yardstick)
  console.log(`\nWhere the time went (p50 of each phase; submit: submitAnswer's transaction; queued: until the worker started the run; engine: the python engine's own time; store: the result transaction):`)
  console.log('| measure | submit | queued | engine | store |')
  console.log('|---|---|---|---|---|')
  for (const [label, values] of [['first answer', first], ['one at a time', sequential], [`${burst} at once`, together]] as const) {
    const list = phases.get(values) ?? []
    const p50 = (pick: (phase: Phases) => number) => `${percentile(list.map(pick), 0.5).toFixed(0)} ms`
    console.log(`| ${label} | ${p50((phase) => phase.submit)} | ${p50((phase) => phase.queued)} | ${p50((phase) => phase.engine)} | ${p50((phase) => phase.store)} |`)
  }
  console.log(`\nCPU used during the burst (${(burstWallMs / 1000).toFixed(1)} s × ${os.availableParallelism()} cores = ${((burstWallMs / 1000) * os.availableParallelism()).toFixed(1)} s available): ${burstCpu.join(', ')}.`)
  if (flags.trace) {
    await writeFile(flags.trace, `${JSON.stringify({ bench: 'burst', from: burstStartedAt, to: burstEndedAt })}\n${output}`)
    console.log(`The worker's debug log (sandbox events, the whole run) is in ${flags.trace}.`)
  }
  console.log(`\nBefore the burst the pool was refilled ${(beforeBurst.changedForMs / 1000).toFixed(1)} s after the one-at-a-time answers (${beforeBurst.count} containers).`)
  console.log(`Worker: taking jobs ${(takingJobsMs / 1000).toFixed(1)} s after spawn, warm sandbox ready after ${(sandboxReadyMs / 1000).toFixed(1)} s.`)
  console.log(`Used containers removed and the pool refilled ${(usedRemovedMs / 1000).toFixed(1)} s after the burst.`)
  console.log(`Idle warm containers: ${running.length}, CPU over 3 s: ${idleCpuMs.map((ms) => `${ms.toFixed(1)} ms`).join(', ') || 'none'}.`)
  console.log(`Their memory (the engine's usage, page cache included): ${idleMemoryMb.map((mb) => mb.toFixed(0)).join(', ')} MB; total ${idleMemoryMb.reduce((sum, mb) => sum + mb, 0).toFixed(0)} MB.`)
  console.log(`SIGTERM → worker exit ${(stopMs / 1000).toFixed(1)} s; sandbox containers left behind: ${left.length}.`)
  console.log(`Load average (1/5/15 min): ${loadAverageAtStart} at start, ${loadAverage()} at end; ${new Date().toISOString()}, image ${image}.`)
} finally {
  // On a failure, stop the worker as `npm start` does, so it removes its warm containers.
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM')
    await Promise.race([new Promise((resolve) => worker!.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 30_000))])
  }
  await stopGradingQueue()
  await disconnectDb()
  await cluster.stop()
}
