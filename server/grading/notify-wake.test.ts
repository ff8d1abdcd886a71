// A python job wakes an idle worker at once (the queue's NOTIFY, sent in the job's INSERT), instead of
// waiting out its polling interval: with a 30 s interval, an answer submitted after the worker's
// first empty fetch is graded within seconds. A quiz job on the same worker still waits for the poll.
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import type { GradingEngine } from '../../graders/engines.ts'
import { instantPython } from './testing/instant-python.ts'
import { db } from '../db/client.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'
import { stopGradingQueue } from './job-sender.ts'
import { startGradingWorker, type GradingWorker } from './worker.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)

let seeded: SeededCourse
let worker: GradingWorker
const instantQuiz: GradingEngine = async () => ({ ...(await instantPython({} as never)), engine: 'quiz' })

beforeAll(async () => {
  setTestClock('2027-01-22T12:00:00Z')
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  worker = await startGradingWorker({
    databaseUrl: process.env.DATABASE_URL!,
    engines: { quiz: instantQuiz, postgres: instantPython, bigquery: instantPython, python: instantPython },
    pollingIntervalSeconds: 30,
  })
  // Past every queue's first (empty) fetch: from here on, only a wake-up or the 30 s poll takes a job.
  await new Promise((resolve) => setTimeout(resolve, 2_000))
}, 60_000)

afterAll(async () => {
  await worker?.stop({ timeoutMs: 5_000 })
  await stopGradingQueue()
})

async function secondsToGrade(question: string, answer: unknown, waitAtMostMs: number): Promise<number | null> {
  const learner = await createLearner({ enrolIn: seeded.courseId })
  const [homeworkSlug, questionSlug] = question.split('/') as [string, string]
  const started = performance.now()
  const { runId } = await submitAnswer({ userId: learner.id, courseSlug: 'mini', homeworkSlug, questionSlug, answer }, { rateLimit: { capacity: 100, refillPerSecond: 100 } })
  while (performance.now() - started < waitAtMostMs) {
    const run = await db.gradingRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })
    if (run.status === 'succeeded') return (performance.now() - started) / 1000
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return null
}

test('a python answer is taken at once by a worker whose poll is 30 s away; a quiz answer waits for the poll', async () => {
  const python = await secondsToGrade('hw2/clean-zone-names', 'def clean_zone_names(df):\n    return df\n', 10_000)
  expect(python).not.toBeNull()
  expect(python!).toBeLessThan(5)
  expect(await secondsToGrade('hw1/postgres-port', 5432, 5_000)).toBeNull()
}, 60_000)
