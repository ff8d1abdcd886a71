// While an answer waits, its owner learns its place in the line (no worker runs in this file).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { stopGradingQueue } from '../grading/job-sender.ts'
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
})
