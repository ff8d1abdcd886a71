import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import type { EngineRegistry } from '../../graders/engines.ts'
import { defaultEngines, quizEngine } from '../../graders/engines.ts'
import { startGradingWorker, type GradingWorker } from '../grading/worker.ts'
import { db } from '../db/client.ts'
import { toPublicError } from '../errors.ts'
import { getSubmissionForOwner } from './read-submission.ts'
import { stopGradingQueue } from '../grading/job-sender.ts'
import { closeGradingRunListener, submissionEventStream } from './live-status.ts'
import { submitAnswer } from './submit-answer.ts'
import { createLearner, seedCourseRows, type SeededCourse } from './testing/seed-course.ts'
import { waitFor } from './testing/wait-for.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
const noLimit = { capacity: 1_000, refillPerSecond: 1_000 }

let seeded: SeededCourse
let worker: GradingWorker
const engines: EngineRegistry = {
  ...defaultEngines(() => Promise.reject(new Error('no grading cluster in this test'))),
  quiz: quizEngine,
}

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  worker = await startGradingWorker({ databaseUrl: process.env.DATABASE_URL!, engines, pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1 })
})

afterAll(async () => {
  await worker?.stop({ timeoutMs: 5_000 })
  await stopGradingQueue()
  await closeGradingRunListener()
})

async function readEvents(stream: ReadableStream<Uint8Array>) {
  const text: string[] = []
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    text.push(decoder.decode(value))
  }
  return [...text.join('').matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((match) => ({ event: match[1], data: JSON.parse(match[2]!) }))
}

function submit(userId: string, questionPath: string, answer: unknown, options: Parameters<typeof submitAnswer>[1] = {}) {
  return submitAnswer({ userId, courseSlug: 'mini', homeworkSlug: questionPath.split('/')[0]!, questionSlug: questionPath.split('/')[1]!, answer }, { rateLimit: noLimit, ...options })
}

describe('submitAnswer → worker → result', () => {
  it('goes queued → running → graded, streams the events and updates the scores', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/warehouse-features', ['a'])
    expect(submitted).toMatchObject({ submissionNumber: 1, status: 'queued', isLate: false })
    const stream = await submissionEventStream(submitted.submissionId, learner.id)
    const events = await readEvents(stream)
    expect(events.at(-1)?.event).toBe('graded')
    // The first event may already be past `queued` on a fast worker, but the order never goes back.
    const order = ['queued', 'running', 'graded']
    const seen = events.map((entry) => order.indexOf(entry.event!))
    expect(seen).toEqual([...seen].sort())
    const graded = events.at(-1)!.data
    expect(graded.run).toMatchObject({ verdict: 'partial', score: 0.5, points: 1, attempts: 1 })
    expect(graded.run.checks).toHaveLength(1)

    const run = await db.gradingRun.findUniqueOrThrow({ where: { id: submitted.runId } })
    expect(run.queuedAt <= run.startedAt!).toBe(true)
    expect(run.startedAt! <= run.finishedAt!).toBe(true)
    expect(run.jobId).toBeTruthy()
    const questionScore = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw1/warehouse-features']! } } })
    expect(questionScore).toMatchObject({ points: 1, submissionId: submitted.submissionId })
    const homeworkScore = await db.homeworkScore.findUniqueOrThrow({ where: { userId_homeworkId: { userId: learner.id, homeworkId: seeded.homeworkIds.hw1! } } })
    expect(homeworkScore).toMatchObject({ points: 1, maxPoints: 7 })
    const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: learner.id, courseId: seeded.courseId } } })
    expect(enrollment).toMatchObject({ homeworkPoints: 1, points: 1 })
  })

  it('keeps the best attempt under `best` scoring and adds questions up per homework', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const right = await submit(learner.id, 'hw1/docker-rm-flag', 'c')
    await waitFor(async () => (await getSubmissionForOwner(right.submissionId, learner.id)).status === 'graded')
    const wrong = await submit(learner.id, 'hw1/docker-rm-flag', 'a')
    expect(wrong.submissionNumber).toBe(2)
    await waitFor(async () => (await getSubmissionForOwner(wrong.submissionId, learner.id)).status === 'graded')
    const numeric = await submit(learner.id, 'hw1/postgres-port', 5432)
    await waitFor(async () => (await getSubmissionForOwner(numeric.submissionId, learner.id)).status === 'graded')
    const score = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw1/docker-rm-flag']! } } })
    expect(score).toMatchObject({ points: 1, submissionId: right.submissionId })
    const homework = await db.homeworkScore.findUniqueOrThrow({ where: { userId_homeworkId: { userId: learner.id, homeworkId: seeded.homeworkIds.hw1! } } })
    expect(homework.points).toBe(2)
  })

  it('keeps the last attempt under `last` scoring', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    // hw2 opens on 21 January (its week's start), after the tests' default clock.
    const inWeek2 = { now: new Date('2027-01-22T12:00:00Z') }
    const right = await submit(learner.id, 'hw2/parquet-engine', 'pyarrow', inWeek2)
    await waitFor(async () => (await getSubmissionForOwner(right.submissionId, learner.id)).status === 'graded')
    const wrong = await submit(learner.id, 'hw2/parquet-engine', 'fastparquet', inWeek2)
    await waitFor(async () => (await getSubmissionForOwner(wrong.submissionId, learner.id)).status === 'graded')
    const score = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw2/parquet-engine']! } } })
    expect(score).toMatchObject({ points: 0, submissionId: wrong.submissionId })
  })

  it('applies the late penalty, and refuses answers after the late window', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    // hw1: deadline 2027-01-27 23:00 Berlin, late until 2027-01-29 23:00 with a 0.5 penalty.
    const onTime = await submit(learner.id, 'hw1/postgres-cli-client', 'pgcli', { now: new Date('2027-01-27T21:59:00Z') })
    expect(onTime).toMatchObject({ isLate: false, latePenalty: 0 })
    const late = await submit(learner.id, 'hw1/postgres-port', 5432, { now: new Date('2027-01-28T12:00:00Z') })
    expect(late).toMatchObject({ isLate: true, latePenalty: 0.5 })
    await waitFor(async () => (await getSubmissionForOwner(late.submissionId, learner.id)).status === 'graded')
    expect((await getSubmissionForOwner(late.submissionId, learner.id)).run).toMatchObject({ verdict: 'correct', score: 1, points: 0.5 })

    const tooLate = await submit(learner.id, 'hw1/postgres-port', 5432, { now: new Date('2027-01-29T22:00:01Z') }).catch((error: unknown) => error)
    expect(toPublicError(tooLate)).toMatchObject({ status: 403, message: expect.stringContaining('closed') })
    // hw2 has no late policy: one second after the deadline is too late.
    const noLateWindow = await submit(learner.id, 'hw2/parquet-engine', 'pyarrow', { now: new Date('2027-02-03T22:00:01Z') }).catch((error: unknown) => error)
    expect(toPublicError(noLateWindow).status).toBe(403)
  })

  it('refuses answers before the homework opens, naming the day; records nothing', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    // hw2's week starts on 21 January 2027 (module.yaml), midnight in Berlin.
    const early = await submit(learner.id, 'hw2/parquet-engine', 'pyarrow', { now: new Date('2027-01-20T22:59:59Z') }).catch((error: unknown) => error)
    expect(toPublicError(early)).toMatchObject({ status: 403, message: 'This homework opens on 21 Jan 2027, 00:00 CET; answers are accepted from then on.' })
    expect(await db.submission.count({ where: { userId: learner.id } })).toBe(0)
    const opened = await submit(learner.id, 'hw2/parquet-engine', 'pyarrow', { now: new Date('2027-01-20T23:00:00Z') })
    expect(opened).toMatchObject({ submissionNumber: 1, isLate: false })
  })

  it('requires an enrollment', async () => {
    const stranger = await createLearner()
    const error = await submit(stranger.id, 'hw1/docker-rm-flag', 'c').catch((caught: unknown) => caught)
    expect(toPublicError(error)).toMatchObject({ status: 403, message: 'Enrol in this course to submit answers.' })
    expect(await db.submission.count({ where: { userId: stranger.id } })).toBe(0)
  })

  it('refuses answers over the size limit and answers of the wrong shape', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const big = await submit(learner.id, 'hw1/longest-trip-day', `SELECT '${'x'.repeat(70 * 1024)}'`).catch((error: unknown) => error)
    expect(toPublicError(big)).toMatchObject({ status: 413, code: 'too_large' })
    const small = await submit(learner.id, 'hw1/longest-trip-day', 'SELECT 1', { maxAnswerBytes: 5 }).catch((error: unknown) => error)
    expect(toPublicError(small).status).toBe(413)
    const unknownOption = await submit(learner.id, 'hw1/docker-rm-flag', 'z').catch((error: unknown) => error)
    expect(toPublicError(unknownOption)).toMatchObject({ status: 422, fieldErrors: { answer: 'Pick one of the options.' } })
    const notANumber = await submit(learner.id, 'hw1/postgres-port', '5432').catch((error: unknown) => error)
    expect(toPublicError(notANumber).status).toBe(422)
    const missing = await submit(learner.id, 'hw1/no-such-question', 'a').catch((error: unknown) => error)
    expect(toPublicError(missing).status).toBe(404)
    expect(await db.submission.count({ where: { userId: learner.id } })).toBe(0)
  })

  it('rate-limits quick submits with a retry-after', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const limit = { capacity: 3, refillPerSecond: 0.05 }
    for (let index = 0; index < 3; index += 1) await submit(learner.id, 'hw1/docker-rm-flag', 'a', { rateLimit: limit })
    const error = await submit(learner.id, 'hw1/docker-rm-flag', 'a', { rateLimit: limit }).catch((caught: unknown) => caught)
    expect(toPublicError(error)).toMatchObject({ status: 429, code: 'rate_limited' })
    expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(15)
    expect(await db.submission.count({ where: { userId: learner.id } })).toBe(3)
  })

  it('returns the first submission for a repeated idempotency key', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const input = { userId: learner.id, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag', answer: 'c', idempotencyKey: 'retry-key-123' }
    const first = await submitAnswer(input, { rateLimit: noLimit })
    const again = await submitAnswer(input, { rateLimit: noLimit })
    expect(again.submissionId).toBe(first.submissionId)
    expect(await db.submission.count({ where: { userId: learner.id } })).toBe(1)
  })

  it("hides another learner's submission as not found", async () => {
    const owner = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(owner.id, 'hw1/docker-rm-flag', 'c')
    await expect(getSubmissionForOwner(submitted.submissionId, other.id)).rejects.toMatchObject({ code: 'not_found' })
    await expect(submissionEventStream(submitted.submissionId, other.id)).rejects.toMatchObject({ code: 'not_found' })
    await expect(getSubmissionForOwner('no-such-id', other.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})
