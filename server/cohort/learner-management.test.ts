// The staff learner page's effects, against real PostgreSQL: a deadline extension moves the learner's
// window (lateness, refusal, hidden answers), a score override reaches every total (question, homework,
// course points, leaderboard, CSV, certification) and leaves an audit trail, and nothing works across courses.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { mayRevealAnswers } from '../../course/public-view.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { learnerCertification } from '../certificates/certificates.ts'
import { maxHomeworkPoints } from '../certificates/eligibility.ts'
import { db } from '../db/client.ts'
import { toPublicError } from '../errors.ts'
import { stopGradingQueue } from '../grading/job-sender.ts'
import { recordGradingResult } from '../grading/run-lifecycle.ts'
import { grantDeadlineExtension, lastWindowClosesAt, withdrawDeadlineExtension } from '../learners/deadline-extensions.ts'
import { saveHomeworkExtras } from '../learners/homework-extras.ts'
import { leaderboard } from '../learners/leaderboard.ts'
import { overrideQuestionScore, scoreOverrideHistory } from '../scores/score-overrides.ts'
import { regradeSubmission } from '../submissions/regrade.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { streamCsvExport } from './csv-export.ts'
import { learnerRecord } from './learner-record.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
const noLimit = { capacity: 1_000, refillPerSecond: 1_000 }

let mini: LoadedCourse
let seeded: SeededCourse
let instructor: { id: string }

beforeAll(async () => {
  mini = await loadCourse(miniCourseDir)
  seeded = await seedCourseRows(mini)
  instructor = await db.user.create({ data: { email: 'teacher@example.test', name: 'Teacher' } })
})

afterAll(async () => {
  await stopGradingQueue()
})

const submitAt = (userId: string, questionSlug: string, answer: unknown, now: Date) =>
  submitAnswer({ userId, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug, answer }, { rateLimit: noLimit, now }).catch((error: unknown) => toPublicError(error))

/** A graded submission, as the worker would store it. */
async function gradedAnswer(userId: string, questionSlug: string, verdict: GradeResult['verdict'], score: number) {
  const submission = await db.submission.create({
    data: { userId, questionId: seeded.questionIds[`hw1/${questionSlug}`]!, attempt: (await db.submission.count({ where: { userId } })) + 1, answer: 'c' },
  })
  const run = await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'quiz' } })
  await recordGradingResult({ runId: run.id, scoring: 'best', result: { verdict, score, durationMs: 1, engine: 'quiz', checks: [{ name: 'answer', passed: score === 1, points: score, maxPoints: 1, message: 'Checked.' }] } })
  return submission.id
}

async function csv(kind: 'scores' | 'roster') {
  const chunks: Buffer[] = []
  for await (const chunk of await streamCsvExport(kind, seeded.courseId, process.env.DATABASE_URL!)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

describe('deadline extensions', () => {
  // hw1: deadline 2027-01-27 22:00 UTC, late answers (half points) until 2027-01-29 22:00 UTC.
  const afterLateWindow = new Date('2027-01-29T22:00:01Z')

  it('move one learner’s window: on time after the deadline, late after the new one, refused after the shifted late window', async () => {
    const extended = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    const until = new Date('2027-01-30T12:00:00Z') // 2 days 14 hours later: late window until 2027-02-01 12:00
    await grantDeadlineExtension(seeded.courseId, extended.id, { homeworkSlug: 'hw1', until: until.toISOString(), reason: 'Hospital stay' }, instructor.id)

    expect(await submitAt(other.id, 'postgres-port', 5432, afterLateWindow)).toMatchObject({ status: 403 })
    expect(await submitAt(extended.id, 'postgres-port', 5432, afterLateWindow)).toMatchObject({ isLate: false, latePenalty: 0 })
    expect(await submitAt(extended.id, 'postgres-cli-client', 'pgcli', new Date('2027-01-31T00:00:00Z'))).toMatchObject({ isLate: true, latePenalty: 0.5 })
    expect(await submitAt(extended.id, 'docker-rm-flag', 'c', new Date('2027-02-01T12:00:01Z'))).toMatchObject({ status: 403 })
    // The homework extras form stays open for them too, and only for them.
    const extras = { solutionUrl: 'https://github.com/lou/hw1', learningInPublicUrls: '', lecturesHours: '', homeworkHours: '2', faqUrl: '' }
    await expect(saveHomeworkExtras(extended.id, 'mini', 'hw1', extras, afterLateWindow)).resolves.toBeDefined()
    expect(toPublicError(await saveHomeworkExtras(other.id, 'mini', 'hw1', extras, afterLateWindow).catch((error: unknown) => error)).status).toBe(403)

    // Answers stay hidden from everyone until the extended window closes.
    const hw1 = mini.weeks[0]!.homework!
    const lastClose = await lastWindowClosesAt({ courseSlug: 'mini', homeworkSlug: 'hw1' }, hw1)
    expect(lastClose.toISOString()).toBe('2027-02-01T12:00:00.000Z')
    expect(mayRevealAnswers(hw1, afterLateWindow)).toBe(true)
    expect(mayRevealAnswers(hw1, afterLateWindow, lastClose)).toBe(false)
    expect(mayRevealAnswers(hw1, new Date('2027-02-01T12:00:01Z'), lastClose)).toBe(true)

    const record = await learnerRecord(seeded.courseId, mini, extended.id)
    expect(record!.homeworks[0]!.extension).toMatchObject({ until, reason: 'Hospital stay', grantedBy: 'teacher@example.test' })
    expect(record!.homeworks[0]!.closesAt.toISOString()).toBe('2027-02-01T12:00:00.000Z')

    expect(await withdrawDeadlineExtension(seeded.courseId, extended.id, 'hw1')).toBe(true)
    expect(await withdrawDeadlineExtension(seeded.courseId, extended.id, 'hw1')).toBe(false)
    expect(await submitAt(extended.id, 'docker-rm-flag', 'c', afterLateWindow)).toMatchObject({ status: 403 })
  })

  it('refuse an end before the deadline, a learner of another course, and an unknown homework', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const stranger = await createLearner()
    const grant = (userId: string, homeworkSlug: string, until: string) =>
      grantDeadlineExtension(seeded.courseId, userId, { homeworkSlug, until, reason: 'Because' }, instructor.id).catch((error: unknown) => toPublicError(error))
    expect(await grant(learner.id, 'hw1', '2027-01-20T00:00:00Z')).toMatchObject({ status: 422, fieldErrors: { until: expect.any(String) } })
    expect(await grant(learner.id, 'hw1', 'not a date')).toMatchObject({ status: 422 })
    expect(await grant(stranger.id, 'hw1', '2027-02-10T00:00:00Z')).toMatchObject({ status: 404 })
    expect(await grant(learner.id, 'hw9', '2027-02-10T00:00:00Z')).toMatchObject({ status: 404 })
    expect(await db.deadlineExtension.count({ where: { userId: { in: [learner.id, stranger.id] } } })).toBe(0)
  })
})

describe('score overrides', () => {
  it('reach the question, homework and course points, the leaderboard, the CSV and certification; a regrade keeps them; lifting restores the graded points', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    await gradedAnswer(learner.id, 'docker-rm-flag', 'correct', 1)
    await gradedAnswer(learner.id, 'postgres-port', 'correct', 1)
    const points = async () => (await db.enrollment.findFirstOrThrow({ where: { userId: learner.id }, select: { homeworkPoints: true, points: true } }))
    expect(await points()).toEqual({ homeworkPoints: 2, points: 2 })

    const result = await overrideQuestionScore(mini, seeded.courseId, learner.id, { homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag', points: 0, reason: 'Copied from a classmate' }, instructor.id)
    expect(result).toEqual({ previousPoints: 1, points: 0 })
    expect(await points()).toEqual({ homeworkPoints: 1, points: 1 })
    const homeworkScore = await db.homeworkScore.findFirstOrThrow({ where: { userId: learner.id, homeworkId: seeded.homeworkIds.hw1! } })
    expect(homeworkScore.points).toBe(1)
    const email = (await db.user.findUniqueOrThrow({ where: { id: learner.id } })).email
    expect((await csv('scores')).split('\n').find((line) => line.startsWith(`${email},hw1,`))).toMatch(new RegExp(`^${email},hw1,1,7,`))
    const board = await leaderboard(seeded.courseId, 1, learner.id)
    expect(board.viewer).toMatchObject({ points: 1 })
    // Certification reads the same points: the homework requirement counts 1 point, not 2.
    const homeworkLeft = async () => (await learnerCertification(learner.id, mini))!.eligibility!.requirements.find((requirement) => requirement.id === 'homework')!.left
    const needed = 0.5 * maxHomeworkPoints(mini)
    const missing = (earned: number) => Math.ceil((needed - earned) * 10) / 10
    expect(await homeworkLeft()).toBe(`Earn ${Number.isInteger(missing(1)) ? missing(1) : missing(1).toFixed(1)} more homework points`)

    // A regrade that finds the answer correct again does not undo the override.
    const submission = await db.submission.findFirstOrThrow({ where: { userId: learner.id, question: { slug: 'docker-rm-flag' } } })
    const run = await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'quiz', trigger: 'regrade' } })
    await recordGradingResult({ runId: run.id, scoring: 'best', result: { verdict: 'correct', score: 1, durationMs: 1, engine: 'quiz', checks: [] } })
    expect(await points()).toEqual({ homeworkPoints: 1, points: 1 })

    const lifted = await overrideQuestionScore(mini, seeded.courseId, learner.id, { homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag', points: null, reason: 'Cleared after the appeal' }, instructor.id)
    expect(lifted).toEqual({ previousPoints: 0, points: 1 })
    expect(await points()).toEqual({ homeworkPoints: 2, points: 2 })
    expect(await homeworkLeft()).toBe(`Earn ${Number.isInteger(missing(2)) ? missing(2) : missing(2).toFixed(1)} more homework points`)

    const history = await scoreOverrideHistory(seeded.courseId, learner.id)
    expect(history.map((row) => [row.previousPoints, row.points, row.reason, row.instructor.email])).toEqual([
      [0, null, 'Cleared after the appeal', 'teacher@example.test'],
      [1, 0, 'Copied from a classmate', 'teacher@example.test'],
    ])
    const record = await learnerRecord(seeded.courseId, mini, learner.id)
    const question = record!.homeworks[0]!.questions.find((entry) => entry.slug === 'docker-rm-flag')!
    expect(question).toMatchObject({ points: 1, override: null })
    expect(question.attempts[0]).toMatchObject({ answer: 'c', verdict: 'correct', regraded: true })
  })

  it('refuse points above the question’s maximum or below zero, an empty reason, lifting nothing, and other courses’ learners', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const stranger = await createLearner()
    const override = (userId: string, points: number | null, reason = 'A reason', questionSlug = 'docker-rm-flag') =>
      overrideQuestionScore(mini, seeded.courseId, userId, { homeworkSlug: 'hw1', questionSlug, points, reason }, instructor.id).catch((error: unknown) => toPublicError(error))
    expect(await override(learner.id, 99)).toMatchObject({ status: 422, fieldErrors: { points: expect.any(String) } })
    expect(await override(learner.id, -1)).toMatchObject({ status: 422 })
    expect(await override(learner.id, Number.NaN)).toMatchObject({ status: 422 })
    expect(await override(learner.id, 1, '  ')).toMatchObject({ status: 422, fieldErrors: { reason: expect.any(String) } })
    expect(await override(learner.id, null)).toMatchObject({ status: 422, message: expect.stringContaining('no override') })
    expect(await override(learner.id, 1, 'A reason', 'no-such-question')).toMatchObject({ status: 404 })
    expect(await override(stranger.id, 1)).toMatchObject({ status: 404 })
    expect(await db.questionScoreOverride.count({ where: { userId: { in: [learner.id, stranger.id] } } })).toBe(0)
  })
})

describe('the learner record and regrades across courses', () => {
  it('is null for a user not enrolled in the course, and a regrade of another learner’s submission is not found', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    const stranger = await createLearner()
    expect(await learnerRecord(seeded.courseId, mini, stranger.id)).toBeNull()
    expect(await learnerRecord(seeded.courseId, mini, 'no-such-user')).toBeNull()
    const submissionId = await gradedAnswer(learner.id, 'docker-rm-flag', 'incorrect', 0)
    expect(toPublicError(await regradeSubmission(seeded.courseId, other.id, submissionId).catch((error: unknown) => error))).toMatchObject({ status: 404 })
    const elsewhere = await db.course.create({ data: { slug: 'elsewhere', title: 'Elsewhere', summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' } })
    expect(toPublicError(await regradeSubmission(elsewhere.id, learner.id, submissionId).catch((error: unknown) => error))).toMatchObject({ status: 404 })
    expect(await regradeSubmission(seeded.courseId, learner.id, submissionId)).toEqual({ questions: 1, queued: 1 })
    expect(await db.gradingRun.count({ where: { submissionId, trigger: 'regrade' } })).toBe(1)
  })
})
