// The learner's part of the homework page (the page itself is cached and the same for everyone), against
// real PostgreSQL: a visitor gets nothing of anyone's, a learner only their own attempts, and only once
// enrolled; an extension moves their own deadline and state, not anyone else's.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'
import { db } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { revokeSessions } from '../auth/session-revocation.ts'
import { grantDeadlineExtension } from './deadline-extensions.ts'
import { homeworkLearnerView, learnerPartRows } from './homework-learner.ts'
import { getSubmissionForOwner, listSubmissionsForOwner } from '../submissions/read-submission.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { stopGradingQueue } from '../grading/job-sender.ts'
import { getEnrollment } from './enrollment.ts'
import { getHomeworkExtras } from './homework-extras.ts'
import { learnerWindow } from './deadline-extensions.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)

let seeded: SeededCourse

/** The claims of a session the user signed in with now (its version is the user's current one). */
const session = (user: { id: string; sessionVersion: number }) => ({ userId: user.id, sessionVersion: user.sessionVersion })

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
})

afterAll(stopGradingQueue)

/** An attempt at a hw1 question, as submitAnswer stores it. */
async function attempt(userId: string, questionSlug: string, answer: string) {
  return db.submission.create({
    data: { userId, questionId: seeded.questionIds[`hw1/${questionSlug}`]!, attempt: (await db.submission.count({ where: { userId } })) + 1, answer },
  })
}

describe('the learner’s part of a homework page', () => {
  it('tells a visitor only that they are not signed in and where the calendar is; an unknown homework is a 404 for anyone', async () => {
    setTestClock('2027-01-20T10:00:00Z') // hw1 open (deadline 27 January)
    expect(await homeworkLearnerView(null, 'mini', 'hw1')).toEqual({ signedIn: false, state: 'open' })
    setTestClock('2027-01-28T10:00:00Z') // in hw1's late window
    expect(await homeworkLearnerView(null, 'mini', 'hw1')).toEqual({ signedIn: false, state: 'late' })
    await expect(homeworkLearnerView(null, 'mini', 'no-such-homework')).rejects.toBeInstanceOf(NotFoundError)
    await expect(homeworkLearnerView({ userId: 'x', sessionVersion: 0 }, 'no-such-course', 'hw1')).rejects.toBeInstanceOf(NotFoundError)
    // A path in the slugs reads no other folder.
    await expect(homeworkLearnerView(null, '../mini', 'hw1')).rejects.toBeInstanceOf(NotFoundError)
    await expect(homeworkLearnerView(null, 'mini', '../hw1')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('gives a learner their own attempts and extras once enrolled, never another learner’s', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const learner = await createLearner()
    const other = await createLearner({ enrolIn: seeded.courseId })
    const own = await attempt(learner.id, 'docker-rm-flag', 'c')
    await attempt(other.id, 'docker-rm-flag', 'a')

    // Not enrolled: nothing of theirs is shown and they may not answer (submitAnswer refuses them too).
    expect(await homeworkLearnerView(session(learner), 'mini', 'hw1')).toMatchObject({ signedIn: true, enrolled: false, canAnswer: false, attempts: [], extras: null })

    await db.enrollment.create({ data: { userId: learner.id, courseId: seeded.courseId } })
    const view = await homeworkLearnerView(session(learner), 'mini', 'hw1')
    if (!view.signedIn) throw new Error('expected a signed-in view')
    expect(view).toMatchObject({ learnerId: learner.id, enrolled: true, state: 'open', canAnswer: true, extended: false, deadline: '2027-01-27T22:00:00.000Z' })
    expect(view.attempts.map((row) => row.id)).toEqual([own.id])
    expect(view.extras).toMatchObject({ solutionUrl: '', learningInPublicUrls: [], struck: [] })
    // What travels to the browser is JSON: dates as ISO strings.
    expect(JSON.parse(JSON.stringify(view))).toEqual(view)
  })

  it('follows the learner’s own window: closed for others after the late window, open for the one with an extension', async () => {
    const instructor = await db.user.create({ data: { email: `teacher-${Date.now()}@example.test` } })
    const extended = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    await grantDeadlineExtension(seeded.courseId, extended.id, { homeworkSlug: 'hw1', until: '2027-01-31T12:00:00Z', reason: 'Hospital stay' }, instructor.id)
    setTestClock('2027-01-30T12:00:00Z') // after hw1's late window (29 January)

    expect(await homeworkLearnerView(session(other), 'mini', 'hw1')).toMatchObject({ state: 'closed', canAnswer: false, extended: false })
    expect(await homeworkLearnerView(session(extended), 'mini', 'hw1')).toMatchObject({ state: 'open', canAnswer: true, extended: true, deadline: '2027-01-31T12:00:00.000Z' })
  })


  it('reads in one statement the rows getEnrollment, learnerWindow, getHomeworkExtras and listSubmissionsForOwner read', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const instructor = await db.user.create({ data: { email: `teacher-r-${Date.now()}@example.test` } })
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const stranger = await createLearner()
    await grantDeadlineExtension(seeded.courseId, learner.id, { homeworkSlug: 'hw1', until: '2027-02-03T12:00:00Z', reason: 'Flu' }, instructor.id)
    const extras = await db.homeworkExtras.create({
      data: { userId: learner.id, homeworkId: seeded.homeworkIds['hw1']!, solutionUrl: 'https://github.com/a/b', learningInPublicUrls: ['https://x.test/1', 'https://x.test/2'], lecturesHours: 2.5, faqUrl: '' },
    })
    await db.learningInPublicStrike.create({ data: { homeworkExtrasId: extras.id, url: 'https://x.test/2', reason: 'Not about the course', struckAt: new Date('2027-01-20T09:00:00Z') } })
    await db.learningInPublicStrike.create({ data: { homeworkExtrasId: extras.id, url: 'https://x.test/1', reason: 'A copy', struckAt: new Date('2027-01-20T09:30:00Z') } })
    // Another homework's extras and another learner's rows are not theirs.
    await db.homeworkExtras.create({ data: { userId: stranger.id, homeworkId: seeded.homeworkIds['hw1']!, learningInPublicUrls: ['https://y.test'] } })
    await attempt(stranger.id, 'docker-rm-flag', 'stranger’s answer')
    // Attempts in every state the list shows: no run yet, a finished run (its latest of two), a run that failed for good.
    const queued = await attempt(learner.id, 'docker-rm-flag', 'a')
    const graded = await attempt(learner.id, 'docker-rm-flag', 'c')
    await db.gradingRun.create({ data: { submissionId: graded.id, engine: 'quiz', status: 'failed', queuedAt: new Date('2027-01-20T09:00:00.001Z'), error: 'an older run' } })
    await db.gradingRun.create({
      data: {
        submissionId: graded.id, engine: 'quiz', status: 'succeeded', verdict: 'correct', score: 1, points: 0.1 + 0.2, checks: [{ name: 'the answer', passed: true, message: 'Right.' }],
        attempts: 1, queuedAt: new Date('2027-01-20T09:10:00.123Z'), startedAt: new Date('2027-01-20T09:10:01.5Z'), finishedAt: new Date('2027-01-20T09:10:02Z'), durationMs: 500,
      },
    })
    const dead = await attempt(learner.id, 'docker-rm-flag', 'b')
    await db.gradingRun.create({ data: { submissionId: dead.id, engine: 'quiz', status: 'failed', error: 'internal detail', deadLetteredAt: new Date(), attempts: 3 } })

    const homework = (await loadCourse(miniCourseDir)).weeks.flatMap((week) => (week.homework ? [week.homework] : [])).find((entry) => entry.slug === 'hw1')!
    const rows = await learnerPartRows(session(learner), 'mini', 'hw1')
    const separate = await getHomeworkExtras(learner.id, 'mini', 'hw1')
    expect(rows.current).toBe(true)
    expect(rows.enrolled).toBe(Boolean(await getEnrollment(learner.id, 'mini')))
    const window = await learnerWindow(learner.id, { courseSlug: 'mini', homeworkSlug: 'hw1' }, homework)
    expect(rows.extensionUntil).toEqual(window.deadline)
    expect(rows.extras).toEqual({
      solutionUrl: separate!.solutionUrl,
      learningInPublicUrls: separate!.learningInPublicUrls,
      lecturesHours: separate!.lecturesHours,
      homeworkHours: separate!.homeworkHours,
      faqUrl: separate!.faqUrl,
      strikes: separate!.strikes.map(({ url, reason }) => ({ url, reason })),
    })
    expect(rows.extras!.strikes.map((strike) => strike.reason)).toEqual(['Not about the course', 'A copy'])
    expect(await learnerPartRows(session(stranger), 'mini', 'hw1')).toMatchObject({ current: true, enrolled: false, extensionUntil: null, extras: expect.objectContaining({ learningInPublicUrls: ['https://y.test'], strikes: [] }) })
    const nobody = await createLearner()
    expect(await learnerPartRows(session(nobody), 'mini', 'hw1')).toEqual({ current: true, enrolled: false, extensionUntil: null, extras: null, attempts: [], attemptsUsed: {} })

    // The view's attempts are what listSubmissionsForOwner (Prisma, query by query) lists, to the byte.
    const view = await homeworkLearnerView(session(learner), 'mini', 'hw1')
    if (!view.signedIn) throw new Error('expected a signed-in view')
    const listed = await listSubmissionsForOwner(learner.id, { courseSlug: 'mini', homeworkSlug: 'hw1', window: Promise.resolve(window) })
    expect(JSON.stringify(view.attempts)).toBe(JSON.stringify(listed))
    expect(view.attempts.map((row) => row.id)).toEqual([dead.id, graded.id, queued.id])
    expect(view.attempts.map((row) => row.run?.message ?? row.status)).toEqual([expect.stringContaining('problem on our side'), 'graded', 'queued'])
    expect(JSON.stringify(view)).not.toContain('internal detail')
    // And the view shows the struck links among the learner's own.
    expect(view).toMatchObject({ extended: true, extras: { solutionUrl: 'https://github.com/a/b', lecturesHours: 2.5, struck: [{ url: 'https://x.test/2', reason: 'Not about the course' }, { url: 'https://x.test/1', reason: 'A copy' }] } })
  })

  it('says how many attempts each limited question has left, counted as the server counts them before it refuses one', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    // hw1 allows 10 attempts per question (max_attempts: 10); one whose grading failed on our side uses none.
    for (let index = 0; index < 9; index++) await attempt(learner.id, 'docker-rm-flag', 'a')
    const failed = await attempt(learner.id, 'docker-rm-flag', 'b')
    await db.submission.update({ where: { id: failed.id }, data: { status: 'failed' } })
    await attempt(learner.id, 'postgres-port', 'SELECT 1')
    await attempt(other.id, 'docker-rm-flag', 'a')
    const before = await homeworkLearnerView(session(learner), 'mini', 'hw1')
    if (!before.signedIn) throw new Error('expected a signed-in view')
    expect(before.attemptLimits['docker-rm-flag']).toEqual({ used: 9, allowed: 10 })
    expect(before.attemptLimits['postgres-port']).toEqual({ used: 1, allowed: 10 })
    expect(Object.keys(before.attemptLimits).sort()).toEqual(Object.keys(seeded.questionIds).filter((key) => key.startsWith('hw1/')).map((key) => key.slice(4)).sort())

    // The tenth: the page says none are left, and the server refuses an eleventh with the same count.
    await attempt(learner.id, 'docker-rm-flag', 'c')
    const after = await homeworkLearnerView(session(learner), 'mini', 'hw1')
    if (!after.signedIn) throw new Error('expected a signed-in view')
    expect(after.attemptLimits['docker-rm-flag']).toEqual({ used: 10, allowed: 10 })
    await expect(submitAnswer({ userId: learner.id, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag', answer: 'a' }, { rateLimit: { capacity: 100, refillPerSecond: 100 } })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'You have used all 10 attempts on this question; this homework allows no more.',
    })
    // Not enrolled: no limits to show.
    expect(await homeworkLearnerView(session(await createLearner()), 'mini', 'hw1')).toMatchObject({ attemptLimits: {} })
  })

  it('numbers attempts as the limit counts them: a submission that used none has no attempt number, only a submission number', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const learner = await createLearner({ enrolIn: seeded.courseId })
    // A SQL question: wrong, then unparsable (invalid: no attempt used), then right.
    const submitted = []
    for (const verdict of ['incorrect', 'invalid', 'correct'] as const) {
      const submission = await attempt(learner.id, 'longest-trip-day', `-- ${verdict}`)
      await db.submission.update({ where: { id: submission.id }, data: { status: 'graded' } })
      await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'postgres', status: 'succeeded', verdict, score: verdict === 'correct' ? 1 : 0, points: 0 } })
      submitted.push(submission)
    }
    const view = await homeworkLearnerView(session(learner), 'mini', 'hw1')
    if (!view.signedIn) throw new Error('expected a signed-in view')
    expect(view.attempts.map(({ submissionNumber, attemptNumber }) => ({ submissionNumber, attemptNumber }))).toEqual([
      { submissionNumber: 3, attemptNumber: 2 },
      { submissionNumber: 2, attemptNumber: null },
      { submissionNumber: 1, attemptNumber: 1 },
    ])
    expect(view.attemptLimits['longest-trip-day']).toEqual({ used: 2, allowed: 10 })
    // The live view of one submission and the Prisma list say the same.
    expect((await getSubmissionForOwner(submitted[2]!.id, learner.id)).attemptNumber).toBe(2)
    expect((await getSubmissionForOwner(submitted[1]!.id, learner.id)).attemptNumber).toBeNull()
    const listed = await listSubmissionsForOwner(learner.id, { courseSlug: 'mini', homeworkSlug: 'hw1' })
    expect(JSON.stringify(view.attempts)).toBe(JSON.stringify(listed))
    // A regrade still running counts until it says otherwise.
    await db.gradingRun.create({ data: { submissionId: submitted[1]!.id, engine: 'postgres' } })
    expect((await getSubmissionForOwner(submitted[2]!.id, learner.id)).attemptNumber).toBe(3)
  })

  it('answers a revoked session, or one naming an account that is gone, as a visitor: nothing of the learner’s', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const own = await attempt(learner.id, 'docker-rm-flag', 'c')
    const before = session(learner)
    expect(await homeworkLearnerView(before, 'mini', 'hw1')).toMatchObject({ signedIn: true, attempts: [{ id: own.id }] })

    await revokeSessions(learner.id) // sign-out
    const revoked = await homeworkLearnerView(before, 'mini', 'hw1')
    expect(revoked).toEqual({ signedIn: false, state: 'open' })
    expect(await learnerPartRows(before, 'mini', 'hw1')).toEqual({ current: false, enrolled: false, extensionUntil: null, extras: null, attempts: [], attemptsUsed: {} })
    // A session issued after it is current again; one claiming a later version is not.
    const after = session(await db.user.findUniqueOrThrow({ where: { id: learner.id } }))
    expect(await homeworkLearnerView(after, 'mini', 'hw1')).toMatchObject({ signedIn: true, learnerId: learner.id })
    expect(await homeworkLearnerView({ ...after, sessionVersion: after.sessionVersion + 1 }, 'mini', 'hw1')).toEqual({ signedIn: false, state: 'open' })
    expect(await homeworkLearnerView({ userId: 'no-such-user', sessionVersion: 0 }, 'mini', 'hw1')).toEqual({ signedIn: false, state: 'open' })
  })
})
