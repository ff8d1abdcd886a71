// A python job slot that has just finished a job fetches the next one at once, instead of waiting out
// its polling interval (pg-boss ignores burstWhenBatchFull at batchSize 1): three answers queued before
// a one-slot worker starts, whose poll is 30 s, are all graded within seconds. Before, the second
// waited for the poll (a burst of 20 ran about one job at a time: docs/benchmarks.md, "Python", session 9).
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { instantPython } from './testing/instant-python.ts'
import { db } from '../db/client.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { createLearner, seedCourseRows } from '../submissions/testing/seed-course.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'
import { stopGradingQueue } from './job-sender.ts'
import { startGradingWorker, type GradingWorker } from './worker.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)

let worker: GradingWorker | undefined

afterAll(async () => {
  await worker?.stop({ timeoutMs: 5_000 })
  await stopGradingQueue()
})

test('a one-slot python worker polling every 30 s grades three queued answers one after another at once', async () => {
  setTestClock('2027-01-22T12:00:00Z')
  const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  const runIds: string[] = []
  for (let i = 0; i < 3; i++) {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const answer = 'def clean_zone_names(df):\n    return df\n'
    runIds.push((await submitAnswer({ userId: learner.id, courseSlug: 'mini', homeworkSlug: 'hw2', questionSlug: 'clean-zone-names', answer })).runId)
  }
  const started = performance.now()
  worker = await startGradingWorker({
    databaseUrl: process.env.DATABASE_URL!,
    engines: { quiz: instantPython, postgres: instantPython, bigquery: instantPython, python: instantPython },
    concurrency: { quiz: 1, postgres: 1, bigquery: 1, python: 1 },
    pollingIntervalSeconds: 30,
  })
  // The worker's first fetch takes the first; only the fetch after each job (or the 30 s poll) takes the others.
  let done = 0
  while (performance.now() - started < 15_000) {
    done = await db.gradingRun.count({ where: { id: { in: runIds }, status: 'succeeded' } })
    if (done === 3) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(done).toBe(3)
}, 60_000)
