// `npm run bench:rush`: the deadline rush. Starts the platform as `npm start` does (production build,
// web server and its worker, embedded databases on a throwaway data directory, the course clock one
// hour before homework 1's deadline) plus one more worker, signs up `--learners` learners through the
// sign-up form's server action and next-auth's sign-in, then within `--window` seconds each learner
// opens the homework page (the page, then its learner's part, as the browser does), submits two quiz
// answers and one SQL answer over HTTP and follows each to its verdict on the live event stream
// (polling if it breaks), as the page does.
// Prints the 5xx count, page p50/p99, submit→verdict p50/p99, and checks against the app database
// that every accepted submission was graded exactly once (one run, one completed job, scores equal to
// the best graded points). `--kill-worker` adds a second pass with fresh learners in which the extra
// worker is SIGKILLed halfway through the window and restarted: it prints the runs it held, how
// many were lost or scored twice, and how long until they were graded by another worker.
import { type ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { checkGradedExactlyOnce, describeExactlyOnce } from './lib/exactly-once.ts'
import { LearnerClient, requestLog, serverActionId, type RequestRecord, type SubmissionView } from './rush/learner-client.ts'
import { root, startPlatform, type Platform } from './rush/platform.ts'

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '500' },
    window: { type: 'string', default: '60' },
    port: { type: 'string', default: '3221' },
    'kill-worker': { type: 'boolean', default: false },
    /** Sign-ups in flight at once (each hashes a password on the web server). */
    'sign-up-concurrency': { type: 'string', default: '8' },
    /** Keep the data directory (and its build of the databases) for a look afterwards. */
    keep: { type: 'boolean', default: false },
  },
})
const learnerCount = Number(values.learners)
const windowMs = Number(values.window) * 1000
const port = Number(values.port)
const VERDICT_TIMEOUT_MS = 10 * 60_000

const COURSE = 'data-engineering-zoomcamp'
const HOMEWORK = 'hw1'
const weekDir = path.join(root, 'courses', COURSE, 'weeks/01-introduction/hidden')
// One hour before homework 1's deadline (2027-01-18 23:00, Europe/Berlin).
const RUSH_CLOCK = '2027-01-18T21:00:00Z'

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ')

/** Right and wrong answers to two quiz questions and two SQL questions of hw1, from the course's own files. */
async function answerSets() {
  const sql = async (file: string) => (await readFile(path.join(weekDir, file), 'utf8')).trim()
  const sqlAnswers = [
    ['trips-on-day', await sql('solutions/trips-on-day.sql')],
    ['trips-on-day', await sql('wrong/trips-on-day--pickup-only.sql')],
    ['longest-trip-day', await sql('solutions/longest-trip-day.sql')],
    ['longest-trip-day', await sql('wrong/longest-trip-day--shortest.sql')],
  ] as const
  return (learner: number) => [
    { questionSlug: 'docker-rm-flag', answer: learner % 3 === 0 ? 'a' : 'd' },
    { questionSlug: 'compose-host-port', answer: learner % 4 === 0 ? 'localhost:5433' : 'db:5432' },
    { questionSlug: sqlAnswers[learner % sqlAnswers.length]![0], answer: sqlAnswers[learner % sqlAnswers.length]![1] },
  ]
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!, index)
    }),
  )
}

interface Submitted {
  submissionId: string
  email: string
  /** From the click on Submit to the verdict on the stream. */
  verdictMs: number | null
  seen: SubmissionView | null
}

interface WorkerKill {
  workerId: string
  killedAt: Date
  /** The runs the killed worker was grading. */
  inFlight: string[]
  /** The pg-boss jobs active in either worker at the kill. */
  activeJobs: string[]
}

async function signUpLearners(platform: Platform, pass: string, actionId: string): Promise<LearnerClient[]> {
  const learners = Array.from({ length: learnerCount }, (_, index) => new LearnerClient(platform.baseUrl, `rush-${pass}-${index}@example.com`, `rush-password-${pass}-${index}`))
  const started = performance.now()
  await inParallel(learners, Number(values['sign-up-concurrency']), async (learner, index) => {
    await learner.signUp(actionId, `Rush learner ${pass} ${index}`, COURSE)
    await learner.signIn()
    const { text } = await learner.request('enrol', `/api/courses/${COURSE}/enrollment`)
    if (!(JSON.parse(text) as { enrolled: boolean }).enrolled) await learner.enrol(COURSE)
  })
  console.log(`  ${learners.length} learners signed up, signed in and enrolled over HTTP in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return learners
}

async function rush(platform: Platform, learners: LearnerClient[], answersFor: Awaited<ReturnType<typeof answerSets>>, kill: { worker: ChildProcess; workerId: string } | null) {
  const submitted: Submitted[] = []
  const refused: { status: number; text: string }[] = []
  const pageStatuses = new Map<number, number>()
  /** Per learner: the page and its learner's part, one after the other (until they can answer). */
  const views: number[] = []
  const firstRequest = requestLog.length
  const started = performance.now()
  let killed: WorkerKill | null = null
  let restarted: Promise<ChildProcess> | null = null

  const killer = kill
    ? (async () => {
        await new Promise((resolve) => setTimeout(resolve, windowMs / 2))
        const db = new pg.Client(platform.databaseUrl)
        await db.connect()
        // What it holds right now, read just before the kill: runs it started and has not finished. A kill
        // while it holds nothing shows nothing, so from halfway on it waits (to the window's end at most)
        // for a moment it is grading something.
        const holding = () => db.query<{ id: string }>(`SELECT id FROM "GradingRun" WHERE status = 'running' AND "workerId" = $1`, [kill.workerId])
        let { rows } = await holding()
        while (rows.length === 0 && performance.now() - started < windowMs) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          ;({ rows } = await holding())
        }
        // Every job either worker holds (fetched batches included); those retried afterwards were the killed worker's.
        const { rows: active } = await db.query<{ id: string }>(`SELECT id::text AS id FROM pgboss.job WHERE state = 'active' AND name LIKE 'grade.%'`)
        kill.worker.kill('SIGKILL')
        killed = { workerId: kill.workerId, killedAt: new Date(), inFlight: rows.map((row) => row.id), activeJobs: active.map((row) => row.id) }
        await db.end()
        console.log(`  SIGKILL to worker ${kill.workerId} at ${((performance.now() - started) / 1000).toFixed(1)} s, holding ${rows.length} running run(s); restarting it`)
        restarted = platform.startWorker()
        await restarted
      })()
    : null

  await Promise.all(
    learners.map(async (learner, index) => {
      // Spread over the window: learner i arrives at i/n of it.
      await new Promise((resolve) => setTimeout(resolve, (index / learners.length) * windowMs))
      const page = await learner.openHomework(COURSE, HOMEWORK)
      pageStatuses.set(page.status, (pageStatuses.get(page.status) ?? 0) + 1)
      views.push(page.ms)
      const follows: Promise<void>[] = []
      for (const { questionSlug, answer } of answersFor(index)) {
        const clicked = performance.now()
        const result = await learner.submit({ courseSlug: COURSE, homeworkSlug: HOMEWORK, questionSlug, answer })
        if (!result.submissionId) {
          refused.push({ status: result.status, text: result.text.slice(0, 200) })
          continue
        }
        const entry: Submitted = { submissionId: result.submissionId, email: learner.email, verdictMs: null, seen: null }
        submitted.push(entry)
        follows.push(
          learner.followToVerdict(result.submissionId, VERDICT_TIMEOUT_MS).then((view) => {
            entry.seen = view
            if (view) entry.verdictMs = performance.now() - clicked
          }),
        )
      }
      await Promise.all(follows)
    }),
  )
  await killer
  const requests = requestLog.slice(firstRequest)
  return { submitted, refused, requests, pageStatuses, views, killed: killed as WorkerKill | null, wallMs: performance.now() - started, restarted }
}

/** Compares what the learners saw with the app database (bench/lib/exactly-once.ts). */
async function checkDatabase(databaseUrl: string, submitted: Submitted[], emails: string[]) {
  const db = new pg.Client(databaseUrl)
  await db.connect()
  try {
    const report = await checkGradedExactlyOnce(db, emails)
    const accepted = new Set(submitted.map((entry) => entry.submissionId))
    return {
      report,
      missing: submitted.filter((entry) => !report.verdicts.has(entry.submissionId)).length,
      unexpected: [...report.verdicts.keys()].filter((id) => !accepted.has(id)).length,
      verdictMismatch: submitted.filter((entry) => entry.seen?.run && report.verdicts.get(entry.submissionId) !== entry.seen.run.verdict).length,
    }
  } finally {
    await db.end()
  }
}

/**
 * What became of the killed worker's jobs: the runs it was grading (read just before the kill) and
 * every job it held, started or still waiting in its fetched batch: active at the kill and retried
 * afterwards (pg-boss fails a job whose heartbeat went stale; retry_count > 0).
 */
async function killReport(databaseUrl: string, killed: WorkerKill, emails: string[]) {
  const db = new pg.Client(databaseUrl)
  await db.connect()
  try {
    const { rows } = await db.query<{ id: string; status: string; workerId: string | null; finishedAt: Date | null; running: boolean }>(
      `SELECT run.id, run.status::text AS status, run."workerId", run."finishedAt", run.id = ANY($2) AS running
         FROM "GradingRun" AS run
         JOIN "Submission" AS submission ON submission.id = run."submissionId"
         JOIN "User" AS learner ON learner.id = submission."userId"
         JOIN pgboss.job AS job ON job.id::text = run."jobId"
        WHERE learner.email = ANY($1) AND ((job.retry_count > 0 AND job.id::text = ANY($3)) OR run.id = ANY($2))`,
      [emails, killed.inFlight, killed.activeJobs],
    )
    const finishedAfterKill = rows.filter((row) => row.finishedAt).map((row) => row.finishedAt!.getTime() - killed.killedAt.getTime())
    return {
      running: rows.filter((row) => row.running).length,
      held: rows.length,
      gradedElsewhere: rows.filter((row) => row.status === 'succeeded' && row.workerId !== killed.workerId).length,
      notGraded: rows.filter((row) => row.status !== 'succeeded').length,
      recoveredWithinMs: finishedAfterKill.length ? Math.max(...finishedAfterKill) : null,
    }
  } finally {
    await db.end()
  }
}

function summarise(requests: RequestRecord[]) {
  const serverErrors = requests.filter((request) => request.status >= 500)
  const pages = requests.filter((request) => request.kind === 'page').map((request) => request.ms)
  const parts = requests.filter((request) => request.kind === 'learner-part').map((request) => request.ms)
  const submits = requests.filter((request) => request.kind === 'submit').map((request) => request.ms)
  return { serverErrors, pages, parts, submits }
}

async function runPass(platform: Platform, name: string, actionId: string, answersFor: Awaited<ReturnType<typeof answerSets>>, killWorker: { worker: ChildProcess } | null) {
  console.log(`\nPass "${name}" (load average ${loadAverage()})`)
  const beforeSignUp = requestLog.length
  const learners = await signUpLearners(platform, name, actionId)
  const signUpErrors = requestLog.slice(beforeSignUp).filter((request) => request.status >= 500).length
  const kill = killWorker ? { worker: killWorker.worker, workerId: `${os.hostname()}:${killWorker.worker.pid}` } : null
  const result = await rush(platform, learners, answersFor, kill)
  const { serverErrors, pages, parts, submits } = summarise(result.requests)
  const verdictTimes = result.submitted.flatMap((entry) => (entry.verdictMs === null ? [] : [entry.verdictMs]))
  const checked = await checkDatabase(platform.databaseUrl, result.submitted, learners.map((learner) => learner.email))
  const byStatus = (kind: RequestRecord['kind']) => {
    const counts = new Map<number, number>()
    for (const request of result.requests) if (request.kind === kind) counts.set(request.status, (counts.get(request.status) ?? 0) + 1)
    return [...counts].map(([status, count]) => `${status}×${count}`).join(' ')
  }
  console.log(`  rush: ${learners.length} learners over ${windowMs / 1000} s, wall ${(result.wallMs / 1000).toFixed(1)} s until the last verdict; load average ${loadAverage()}`)
  console.log(`  requests: ${result.requests.length}; 5xx: ${serverErrors.length} (${[...new Set(serverErrors.map((error) => error.kind))].join(', ') || 'none'}); during sign-up: ${signUpErrors} 5xx`)
  console.log(`  homework page: ${pages.length} loads (${byStatus('page')}), p50 ${percentile(pages, 50).toFixed(0)} ms, p99 ${percentile(pages, 99).toFixed(0)} ms`)
  console.log(`  its learner's part: ${parts.length} loads (${byStatus('learner-part')}), p50 ${percentile(parts, 50).toFixed(0)} ms, p99 ${percentile(parts, 99).toFixed(0)} ms`)
  console.log(`  page + learner's part (until the learner can answer): p50 ${percentile(result.views, 50).toFixed(0)} ms, p99 ${percentile(result.views, 99).toFixed(0)} ms`)
  console.log(`  submit: ${submits.length} (${byStatus('submit')}), p50 ${percentile(submits, 50).toFixed(0)} ms, p99 ${percentile(submits, 99).toFixed(0)} ms`)
  for (const refusal of result.refused.slice(0, 3)) console.log(`    refused ${refusal.status}: ${refusal.text}`)
  console.log(`  submit→verdict: ${verdictTimes.length} of ${result.submitted.length} verdicts, p50 ${percentile(verdictTimes, 50).toFixed(0)} ms, p99 ${percentile(verdictTimes, 99).toFixed(0)} ms`)
  console.log(
    `  database: ${checked.report.submissions} submissions (accepted ${result.submitted.length}, missing ${checked.missing}, unexpected ${checked.unexpected}, ` +
      `verdict ≠ the page's ${checked.verdictMismatch}); ${describeExactlyOnce(checked.report)}`,
  )
  if (result.killed) {
    const report = await killReport(platform.databaseUrl, result.killed, learners.map((learner) => learner.email))
    console.log(
      `  killed worker: ${report.running} run(s) grading and ${report.held} job(s) held in all (retried after its heartbeat went stale); ` +
        `graded elsewhere ${report.gradedElsewhere}, not graded ${report.notGraded}; ` +
        `graded elsewhere within ${report.recoveredWithinMs === null ? '—' : `${(report.recoveredWithinMs / 1000).toFixed(1)} s`} of the SIGKILL`,
    )
  }
  return result.restarted
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-rush-'))
// PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
await chmod(dataDir, 0o755)
const clockFile = path.join(dataDir, 'clock')
await writeFile(clockFile, RUSH_CLOCK)
console.log(`Deadline rush: ${learnerCount} learners within ${windowMs / 1000} s, 2 workers (npm start's and one more), ${os.cpus().length} cores, load average ${loadAverage()}`)
console.log(`  data directory ${dataDir}; course clock ${RUSH_CLOCK} (homework 1 closes 2027-01-18 23:00 Europe/Berlin)`)
const platform = await startPlatform({
  dataDir,
  port,
  env: {
    ...process.env,
    SYLLABUS_TEST_CLOCK_FILE: clockFile,
    // Every learner signs up and in from loopback, one address.
    SYLLABUS_AUTH_ADDRESS_BURST: String(learnerCount * 4 + 100),
    SYLLABUS_DATASET_SIZE: 'small',
    LOG_LEVEL: 'warn',
  },
})
try {
  const actionId = await serverActionId(root, 'server/auth/sign-up.ts', 'signUpAction')
  const answersFor = await answerSets()
  let extraWorker = await platform.startWorker()
  await runPass(platform, 'plain', actionId, answersFor, null)
  if (values['kill-worker']) {
    const restarted = await runPass(platform, 'kill', actionId, answersFor, { worker: extraWorker })
    if (restarted) extraWorker = await restarted
  }
  console.log(`\nDone; load average ${loadAverage()}`)
} finally {
  await platform.stop()
  if (!values.keep) await rm(dataDir, { recursive: true, force: true })
}
