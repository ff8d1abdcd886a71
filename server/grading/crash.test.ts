// Exactly once, for real: two worker processes, the one holding a job is SIGKILLed mid-grade, the
// other finishes it once the killed worker's heartbeat goes stale (well before the job's expiry), and the
// result and the points are stored once.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { db } from '../db/client.ts'
import { stopGradingQueue } from './job-sender.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { createLearner, seedCourseRows } from '../submissions/testing/seed-course.ts'
import { waitFor } from '../submissions/testing/wait-for.ts'

const root = path.resolve(import.meta.dirname, '../..')
process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
const children: ChildProcess[] = []
let dir: string

interface WorkerProcess {
  child: ChildProcess
  /** The node process running the worker (tsx runs it as its own child). */
  pid: number
}

function startWorker(): Promise<WorkerProcess> {
  // node --import tsx, not the tsx wrapper: the child's pid is the worker's own, so SIGKILL reaches it.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'testing/blocking-worker-process.ts')], {
    cwd: root,
    env: { ...process.env, CRASH_TEST_DIR: dir, SYLLABUS_COURSES_DIR: path.dirname(miniCourseDir), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(chunk.toString())
      if (ready) resolve({ child, pid: Number(ready[1]) })
    })
    child.on('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`)))
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-crash-'))
})

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await stopGradingQueue()
})

it('finishes the job of a SIGKILLed worker on the other worker, and scores it once', async () => {
  const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  const learner = await createLearner({ enrolIn: seeded.courseId })
  const workers = await Promise.all([startWorker(), startWorker()])

  const submitted = await submitAnswer(
    { userId: learner.id, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'warehouse-features', answer: ['a', 'b'] },
    { rateLimit: { capacity: 10, refillPerSecond: 1 } },
  )
  const holding = await waitFor(async () => (await readdir(dir)).find((name) => name.startsWith('holding-')), { what: 'a worker to take the job' })
  const holderPid = Number(holding.slice('holding-'.length))
  const holder = workers.find((worker) => worker.pid === holderPid)!
  const survivor = workers.find((worker) => worker.pid !== holderPid)!
  expect(holder).toBeDefined()
  process.kill(holder.pid, 'SIGKILL')
  await exited(holder.child)
  await writeFile(path.join(dir, 'release'), '')

  const run = await waitFor(
    async () => {
      const found = await db.gradingRun.findUniqueOrThrow({ where: { id: submitted.runId } })
      return found.status === 'succeeded' || found.status === 'failed' ? found : null
    },
    // Heartbeat 10 s + one supervise pass; the expiry (600 s) is far beyond this wait.
    { timeoutMs: 30_000, what: 'the survivor to finish the job' },
  )
  expect(run).toMatchObject({ status: 'succeeded', verdict: 'correct', points: 2, attempts: 2 })
  expect(run.workerId).toMatch(new RegExp(`:${survivor.pid}$`))
  expect(await db.gradingRun.count({ where: { submissionId: submitted.submissionId } })).toBe(1)

  // Points counted once everywhere they add up.
  const questionScores = await db.questionScore.findMany({ where: { userId: learner.id } })
  expect(questionScores).toEqual([expect.objectContaining({ points: 2, submissionId: submitted.submissionId })])
  const homework = await db.homeworkScore.findUniqueOrThrow({ where: { userId_homeworkId: { userId: learner.id, homeworkId: seeded.homeworkIds.hw1! } } })
  expect(homework.points).toBe(2)
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: learner.id, courseId: seeded.courseId } } })
  expect(enrollment.points).toBe(2)

  // pg-boss recorded the job completed after one retry.
  const [job] = await db.$queryRaw<{ state: string; retry_count: number }[]>`SELECT state::text, retry_count FROM pgboss.job WHERE id = ${run.jobId}::uuid`
  await waitFor(async () => {
    const [current] = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${run.jobId}::uuid`
    return current?.state === 'completed'
  }, { what: 'pg-boss to complete the job' })
  expect(job?.retry_count).toBe(1)

  // A graceful stop ends the survivor cleanly.
  survivor.child.kill('SIGTERM')
  expect(await exited(survivor.child)).toBe(0)
}, 120_000)
