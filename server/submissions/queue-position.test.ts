// While an answer waits, its owner learns its place in the line (no worker runs in this file).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { stopGradingQueue } from '../grading/job-sender.ts'
import { db } from '../db/client.ts'
import { queuePositions, QUEUE_REFRESH_MS, watchQueuePosition } from './queue-positions.ts'
import { closeGradingRunListener, submissionEventStream } from './live-status.ts'
import { getSubmissionForOwner } from './read-submission.ts'
import { submitAnswer } from './submit-answer.ts'
import { createLearner, seedCourseRows, type SeededCourse } from './testing/seed-course.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
const noLimit = { capacity: 1_000, refillPerSecond: 1_000 }
let seeded: SeededCourse

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
})

afterAll(async () => {
  await closeGradingRunListener()
  await stopGradingQueue()
})

describe('queue position', () => {
  it('counts the answers of the same engine queued before this one, and only while it waits', async () => {
    const first = await createLearner({ enrolIn: seeded.courseId })
    const second = await createLearner({ enrolIn: seeded.courseId })
    const submit = (userId: string) =>
      submitAnswer({ userId, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'warehouse-features', answer: ['a'] }, { rateLimit: noLimit })
    const a = await submit(first.id)
    const b = await submit(second.id)
    const viewA = await getSubmissionForOwner(a.submissionId, first.id)
    const viewB = await getSubmissionForOwner(b.submissionId, second.id)
    expect(viewA.status).toBe('queued')
    expect(viewA.run?.engine).toBe('quiz')
    expect(viewA.run?.queuePosition).toBeGreaterThanOrEqual(1)
    expect(viewB.run?.queuePosition).toBe(viewA.run!.queuePosition! + 1)
  })

  it("reads every waiting run's place in one query, as each would count it, and tells the watchers when the line moves", async () => {
    const learners = await Promise.all([1, 2, 3].map(() => createLearner({ enrolIn: seeded.courseId })))
    const submitted = []
    for (const learner of learners) {
      submitted.push(await submitAnswer({ userId: learner.id, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'warehouse-features', answer: ['b'] }, { rateLimit: noLimit }))
    }
    const views = await Promise.all(submitted.map((entry, index) => getSubmissionForOwner(entry.submissionId, learners[index]!.id)))
    const runIds = views.map((view) => view.run!.id)
    const positions = await queuePositions([...runIds, 'no-such-run'])
    expect(runIds.map((id) => positions.get(id))).toEqual(views.map((view) => view.run!.queuePosition))
    expect(positions.has('no-such-run')).toBe(false)

    // The first leaves the line (a worker took it): it is no longer placed, and the last one moves up.
    const seen: number[] = []
    const stop = watchQueuePosition(runIds[2]!, (position) => seen.push(position))
    await db.gradingRun.update({ where: { id: runIds[0]! }, data: { status: 'running', startedAt: new Date() } })
    expect((await queuePositions(runIds)).has(runIds[0]!)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, QUEUE_REFRESH_MS + 1_000))
    stop()
    expect(seen.at(-1)).toBe(views[2]!.run!.queuePosition! - 1)
  }, 20_000)

  it("moves a waiting learner's place on their event stream when the line moves, without a NOTIFY for them", async () => {
    const [ahead, waiting] = await Promise.all([1, 2].map(() => createLearner({ enrolIn: seeded.courseId })))
    const submit = (userId: string) =>
      submitAnswer({ userId, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'warehouse-features', answer: ['a', 'b'] }, { rateLimit: noLimit })
    const first = await submit(ahead!.id)
    const second = await submit(waiting!.id)
    const abort = new AbortController()
    const reader = (await submissionEventStream(second.submissionId, waiting!.id, { signal: abort.signal })).getReader()
    const decoder = new TextDecoder()
    /** The queue positions of the `queued` events read so far. */
    const places: number[] = []
    let buffer = ''
    const readUntil = async (done: () => boolean) => {
      while (!done()) {
        const chunk = await reader.read()
        if (chunk.done) return
        buffer += decoder.decode(chunk.value)
        for (const match of buffer.matchAll(/event: queued\ndata: (.*)\n\n/g)) places.push((JSON.parse(match[1]!) as { run: { queuePosition: number } }).run.queuePosition)
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2)
      }
    }
    await readUntil(() => places.length > 0)
    const before = places[0]!
    await db.gradingRun.update({ where: { id: first.runId }, data: { status: 'running', startedAt: new Date() } })
    await readUntil(() => places.at(-1) === before - 1)
    abort.abort()
    expect(places.at(-1)).toBe(before - 1)
  }, 20_000)
})
