// The learner's part of a homework page whose verdicts are withheld until the deadline (feedback:
// after_deadline): each learner's verdicts wait for their own window, an extension included. The window
// is read once for the whole part (homeworkLearnerView hands it to listSubmissionsForOwner).
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { copyFixtureCourse, type FixtureCopy } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'
import { db } from '../db/client.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { grantDeadlineExtension } from './deadline-extensions.ts'
import { homeworkLearnerView } from './homework-learner.ts'

let course: FixtureCopy
let seeded: SeededCourse

beforeAll(async () => {
  course = await copyFixtureCourse()
  await course.edit('weeks/01-containers/homework.yaml', /\nmax_attempts: 10\n/, '\nfeedback: after_deadline\n')
  process.env.SYLLABUS_COURSES_DIR = path.dirname(course.dir)
  seeded = await seedCourseRows(await loadCourse(course.dir))
})

afterAll(() => rm(path.dirname(course.dir), { recursive: true, force: true }))

it('withholds verdicts until the learner’s own window closes (an extension moves it)', async () => {
  setTestClock('2027-01-20T10:00:00Z')
  const instructor = await db.user.create({ data: { email: `teacher-w-${Date.now()}@example.test` } })
  const extended = await createLearner({ enrolIn: seeded.courseId })
  const other = await createLearner({ enrolIn: seeded.courseId })
  await grantDeadlineExtension(seeded.courseId, extended.id, { homeworkSlug: 'hw1', until: '2027-02-10T12:00:00Z', reason: 'Hospital stay' }, instructor.id)
  for (const learner of [extended, other]) {
    await db.submission.create({ data: { userId: learner.id, questionId: seeded.questionIds['hw1/docker-rm-flag']!, attempt: 1, answer: 'c' } })
  }
  const withheldUntil = async (user: { id: string; sessionVersion: number }) => {
    const view = await homeworkLearnerView({ userId: user.id, sessionVersion: user.sessionVersion }, 'mini', 'hw1')
    return view.signedIn ? view.attempts[0]?.feedbackWithheldUntil : undefined
  }
  // Everyone else's verdicts come after the late window (29 January); the extended learner's after their own (the extension plus the late window).
  expect(await withheldUntil(other)).toBe('2027-01-29T22:00:00.000Z')
  expect(await withheldUntil(extended)).toBe('2027-02-12T12:00:00.000Z')
  setTestClock('2027-02-01T10:00:00Z')
  expect(await withheldUntil(other)).toBeNull()
  expect(await withheldUntil(extended)).toBe('2027-02-12T12:00:00.000Z')
})
