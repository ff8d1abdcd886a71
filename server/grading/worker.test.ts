import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { db } from '../db/client.ts'
import { stopGradingQueue } from './job-sender.ts'
import { listDeadLetteredRuns } from './dead-lettered-runs.ts'
import { recordGradingResult, recordGradingResults } from './run-lifecycle.ts'
import { getSubmissionForOwner } from '../submissions/read-submission.ts'
import { regradeQuestion } from '../submissions/regrade.ts'
import { submitAnswer } from '../submissions/submit-answer.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { waitFor } from '../submissions/testing/wait-for.ts'
import { defaultEngines, type GradeRequest, type GradingEngine, quizEngine } from '../../graders/engines.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { startGradingWorker, type GradingWorker } from './worker.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
const noLimit = { capacity: 1_000, refillPerSecond: 1_000 }

/** Each test decides how the quiz engine behaves. */
let quizBehaviour: GradingEngine = quizEngine
/** …and the python engine (by default the real one, which has no sandbox here), and how results are stored. */
let pythonBehaviour: GradingEngine
/** …and the postgres engine (by default the real one on the grading cluster). */
let postgresBehaviour: GradingEngine
let realPostgres: GradingEngine
let storeBehaviour: typeof recordGradingResults = recordGradingResults
let seeded: SeededCourse
let worker: GradingWorker
let sql: SqlGradingEnvironment

beforeAll(async () => {
  // Both mini homeworks open (hw2, with the python questions, opens on 21 January).
  setTestClock('2027-01-22T12:00:00Z')
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  sql = await openSqlGradingEnvironment(inject('gradingAdminUrl'), {
    roleName: `learner_gw_${randomBytes(4).toString('hex')}`,
    closeOtherDatabases: false,
    poolSize: 2,
  })
  const defaults = defaultEngines(async () => sql)
  pythonBehaviour = defaults.python
  realPostgres = defaults.postgres
  postgresBehaviour = realPostgres
  worker = await startGradingWorker({
    databaseUrl: process.env.DATABASE_URL!,
    engines: { ...defaults, quiz: (request) => quizBehaviour(request), python: (request) => pythonBehaviour(request), postgres: (request) => postgresBehaviour(request) },
    storeResults: (inputs) => storeBehaviour(inputs),
    // Two python slots, so the test below can show that one learner never holds both.
    concurrency: { quiz: 4, postgres: 2, bigquery: 1, python: 2 },
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
    queuePolicies: { quiz: { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 10 } },
    jobTimeoutMs: { quiz: 3_000, postgres: 120_000, bigquery: 120_000, python: 600_000 },
    // A batch's verdicts are stored together unless grading the rest takes this long (the default
    // 250 ms is a few SQL grades on a busy test machine; the batch tests below want one store).
    batchHoldMs: 2_000,
  })
}, 120_000)

afterAll(async () => {
  await worker?.stop({ timeoutMs: 5_000 })
  await stopGradingQueue()
  await sql?.close()
})

function submit(userId: string, question: string, answer: unknown) {
  const [homeworkSlug, questionSlug] = question.split('/') as [string, string]
  return submitAnswer({ userId, courseSlug: 'mini', homeworkSlug, questionSlug, answer }, { rateLimit: noLimit })
}

async function finalView(submissionId: string, userId: string) {
  return waitFor(
    async () => {
      const view = await getSubmissionForOwner(submissionId, userId)
      return view.status === 'graded' || view.status === 'failed' ? view : null
    },
    { timeoutMs: 30_000, what: `submission ${submissionId} to finish` },
  )
}

describe('grading worker', () => {
  it('grades a SQL answer on the grading cluster (public and hidden data)', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const right = await submit(learner.id, 'hw1/longest-trip-day', 'SELECT lpep_pickup_datetime::date AS pickup_day FROM green_tripdata ORDER BY trip_distance DESC LIMIT 1')
    const wrong = await submit(learner.id, 'hw1/longest-trip-day', 'SELECT lpep_pickup_datetime::date AS pickup_day, max(trip_distance) FROM green_tripdata GROUP BY 1 ORDER BY 2 DESC LIMIT 1')
    expect((await finalView(right.submissionId, learner.id)).run).toMatchObject({ verdict: 'correct', points: 2 })
    const wrongView = await finalView(wrong.submissionId, learner.id)
    expect(wrongView.run?.verdict).toBe('incorrect')
    expect(wrongView.run?.checks.find((check) => !check.passed)?.name).toBe('columns')
    const score = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw1/longest-trip-day']! } } })
    expect(score).toMatchObject({ points: 2, submissionId: right.submissionId })
  }, 60_000)

  it("shows the engine's progress on the learner's view while the run is running, and none once it is graded", async () => {
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    quizBehaviour = async (request) => {
      request.onProgress?.({ stage: 'starting' })
      request.onProgress?.({ stage: 'running', first: 2, last: 2, of: 5 })
      await released
      return quizEngine(request)
    }
    try {
      const learner = await createLearner({ enrolIn: seeded.courseId })
      const submitted = await submit(learner.id, 'hw1/postgres-port', 5432)
      // The latest report wins, written while the run is running.
      const running = await waitFor(
        async () => {
          const view = await getSubmissionForOwner(submitted.submissionId, learner.id)
          return view.run?.progress?.stage === 'running' ? view : null
        },
        { timeoutMs: 20_000, what: 'the progress report' },
      )
      expect(running.status).toBe('running')
      expect(running.run?.progress).toEqual({ stage: 'running', first: 2, last: 2, of: 5 })
      release()
      const graded = await finalView(submitted.submissionId, learner.id)
      expect(graded.run).toMatchObject({ verdict: 'correct', progress: null })
    } finally {
      release()
      quizBehaviour = quizEngine
    }
  })

  it('retries infrastructure failures: an engine that throws twice then succeeds gives one result', async () => {
    let calls = 0
    quizBehaviour = async (request) => {
      calls += 1
      if (calls === 1) throw new Error('the engine fell over')
      if (calls === 2) return { verdict: 'error', score: 0, checks: [{ name: 'grader', passed: false, points: 0, maxPoints: 0, message: 'sandbox down' }], durationMs: 1, engine: 'quiz' }
      return quizEngine(request)
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'c')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.run).toMatchObject({ status: 'graded', verdict: 'correct', points: 1, attempts: 3 })
    expect(calls).toBe(3)
    expect(await db.gradingRun.count({ where: { submissionId: submitted.submissionId } })).toBe(1)
    const score = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw1/docker-rm-flag']! } } })
    expect(score.points).toBe(1)
  }, 30_000)

  it('never stores a result that breaks the GradeResult contract: it is retried and costs nothing', async () => {
    let calls = 0
    quizBehaviour = async (request) => {
      calls += 1
      // A correct verdict must score 1; a score above 1 and a negative duration are out of range.
      if (calls === 1) return { verdict: 'correct', score: 0.5, checks: [], durationMs: 1, engine: 'quiz' }
      if (calls === 2) return { verdict: 'incorrect', score: 7, checks: [], durationMs: -1, engine: 'quiz' }
      return quizEngine(request)
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'a')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.run).toMatchObject({ status: 'graded', verdict: 'incorrect', score: 0, attempts: 3 })
    expect(calls).toBe(3)
    quizBehaviour = quizEngine
  }, 30_000)

  it('aborts an engine that outlives the job timeout: the engine sees the signal and the run is retried', async () => {
    let calls = 0
    let abortReason: unknown
    quizBehaviour = async (request) => {
      calls += 1
      if (calls === 1) {
        // Hangs, as a stuck sandbox would, until the worker gives up on it.
        await new Promise<void>((resolve) => request.signal!.addEventListener('abort', () => resolve(), { once: true }))
        abortReason = request.signal!.reason
        throw new Error('stopped by the signal')
      }
      return quizEngine(request)
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'c')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.run).toMatchObject({ status: 'graded', verdict: 'correct', attempts: 2 })
    expect(calls).toBe(2)
    expect((abortReason as DOMException).name).toBe('TimeoutError')
    quizBehaviour = quizEngine
  }, 30_000)

  it('dead-letters a run after its last retry and lists it for instructors', async () => {
    let calls = 0
    quizBehaviour = async () => {
      calls += 1
      throw new Error('the quiz engine is broken')
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/postgres-port', 5432)
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.status).toBe('failed')
    expect(view.run?.message).not.toContain('broken') // the learner gets a sentence, not our internals
    expect(calls).toBe(3) // retryLimit 2: the first try and two retries
    const deadLettered = await listDeadLetteredRuns()
    const listed = deadLettered.find((run) => run.id === submitted.runId)
    expect(listed).toMatchObject({ attempts: 3, error: expect.stringContaining('the quiz engine is broken') })
    expect(listed?.submission.user.id).toBe(learner.id)
    expect(await db.questionScore.count({ where: { userId: learner.id } })).toBe(0)
  }, 30_000)

  it('fails Python runs at once with a clear message, without counting an attempt', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw2/clean-zone-names', 'def clean_zone_names(df):\n    return df\n')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.status).toBe('failed')
    expect(view.run?.message).toMatch(/code sandbox is unavailable/)
    expect(view.run?.attempts).toBe(1)
    const run = await db.gradingRun.findUniqueOrThrow({ where: { id: submitted.runId } })
    expect(run.deadLetteredAt).toBeNull()
    expect(await db.questionScore.count({ where: { userId: learner.id } })).toBe(0)
  }, 30_000)

  it('stores a result once: a second completion of the same run changes nothing', async () => {
    quizBehaviour = quizEngine
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'c')
    await finalView(submitted.submissionId, learner.id)
    const wrong: GradeResult = { verdict: 'incorrect', score: 0, checks: [], durationMs: 1, engine: 'quiz' }
    expect(await recordGradingResult({ runId: submitted.runId, result: wrong, scoring: 'last' })).toBe(false)
    const run = await db.gradingRun.findUniqueOrThrow({ where: { id: submitted.runId } })
    expect(run).toMatchObject({ verdict: 'correct', points: 1 })
    const score = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: learner.id, questionId: seeded.questionIds['hw1/docker-rm-flag']! } } })
    expect(score.points).toBe(1)
  }, 30_000)

  it('stores a message holding a lone surrogate once, made well-formed, grading once', async () => {
    let calls = 0
    quizBehaviour = async () => {
      calls += 1
      return { verdict: 'incorrect', score: 0, checks: [{ name: 'answer', passed: false, points: 0, maxPoints: 1, message: 'your function raised \ud800' }], durationMs: 1, engine: 'quiz' }
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'a')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.run).toMatchObject({ status: 'graded', verdict: 'incorrect', attempts: 1 })
    expect(calls).toBe(1)
    const run = await db.gradingRun.findUniqueOrThrow({ where: { id: submitted.runId } })
    expect(JSON.stringify(run.checks)).toContain('\ufffd')
    quizBehaviour = quizEngine
  }, 30_000)

  it('stores again after a failed store, and never grades again', async () => {
    let calls = 0
    let stores = 0
    quizBehaviour = async (request) => {
      calls += 1
      return quizEngine(request)
    }
    storeBehaviour = async (inputs) => {
      stores += 1
      if (stores <= 2) throw new Error('the database went away for a moment')
      return recordGradingResults(inputs)
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const submitted = await submit(learner.id, 'hw1/docker-rm-flag', 'c')
    const view = await finalView(submitted.submissionId, learner.id)
    expect(view.run).toMatchObject({ status: 'graded', verdict: 'correct', attempts: 1 })
    expect(calls).toBe(1)
    expect(stores).toBe(3)
    storeBehaviour = recordGradingResults
    quizBehaviour = quizEngine
  }, 30_000)

  it('grades one python job per learner at a time, and another learner does not wait behind a backlog', async () => {
    const spans = new Map<string, { start: number; end: number }>()
    pythonBehaviour = async ({ answer }) => {
      const tag = String(answer).slice(2, 4)
      const start = performance.now()
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      spans.set(tag, { start, end: performance.now() })
      return { verdict: 'incorrect', score: 0, checks: [{ name: 'check', passed: false, points: 0, maxPoints: 1, message: 'no' }], durationMs: 1, engine: 'python' }
    }
    const busy = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    const submitted = []
    for (const tag of ['A1', 'A2', 'A3']) submitted.push([busy.id, await submit(busy.id, 'hw2/clean-zone-names', `# ${tag}\n`)] as const)
    submitted.push([other.id, await submit(other.id, 'hw2/clean-zone-names', '# B1\n')] as const)
    for (const [userId, { submissionId }] of submitted) await finalView(submissionId, userId)
    const [a1, a2, a3, b1] = ['A1', 'A2', 'A3', 'B1'].map((tag) => spans.get(tag)!)
    // The busy learner's jobs never overlap, though two slots were free…
    const own = [a1!, a2!, a3!].sort((x, y) => x.start - y.start)
    for (let index = 1; index < own.length; index++) expect(own[index]!.start).toBeGreaterThanOrEqual(own[index - 1]!.end)
    // …and the other learner's one job, sent last, starts before the busy learner's second.
    expect(b1!.start).toBeLessThan(own[1]!.start)
    pythonBehaviour = defaultEngines(async () => sql).python
  }, 60_000)

  it('starts and stores a batch of quiz jobs at once, each run graded once and the scores adding up', async () => {
    // The engine waits until every answer is in: the worker's four quiz loops then hold at most four
    // fetches, so the eight jobs come in batches, at least one of several jobs.
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    quizBehaviour = async (request) => {
      await gate
      return quizEngine(request)
    }
    const batches: string[][] = []
    storeBehaviour = async (inputs) => {
      batches.push(inputs.map((input) => input.runId))
      return recordGradingResults(inputs)
    }
    const learners = [await createLearner({ enrolIn: seeded.courseId }), await createLearner({ enrolIn: seeded.courseId })]
    const answers: [string, unknown][] = [
      ['hw1/docker-rm-flag', 'c'],
      ['hw1/docker-rm-flag', 'a'],
      ['hw1/postgres-port', 5432],
      ['hw1/warehouse-features', ['a']],
    ]
    const submitted = await Promise.all(learners.flatMap((learner) => answers.map(([question, answer]) => submit(learner.id, question, answer).then((sent) => ({ learner, sent })))))
    release()
    for (const { learner, sent } of submitted) await finalView(sent.submissionId, learner.id)
    const runIds = new Set(submitted.map(({ sent }) => sent.runId))
    const ours = batches.map((batch) => batch.filter((runId) => runIds.has(runId))).filter((batch) => batch.length > 0)
    expect(ours.flat().sort()).toEqual([...runIds].sort())
    expect(Math.max(...ours.map((batch) => batch.length))).toBeGreaterThan(1)
    const runs = await db.gradingRun.findMany({ where: { id: { in: [...runIds] } }, select: { status: true, attempts: true } })
    expect(runs.every((run) => run.status === 'succeeded' && run.attempts === 1)).toBe(true)
    for (const learner of learners) {
      const scores = await db.questionScore.findMany({ where: { userId: learner.id }, select: { points: true } })
      const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: learner.id, courseId: seeded.courseId } } })
      expect(scores).toHaveLength(3)
      expect(enrollment.homeworkPoints).toBeCloseTo(scores.reduce((sum, score) => sum + score.points, 0))
    }
    storeBehaviour = recordGradingResults
    quizBehaviour = quizEngine
  }, 30_000)

  /**
   * Holds both postgres loops of the worker (concurrency 2) on an answer each until `release`, so the
   * answers sent meanwhile wait in the queue and the next fetch takes them as one batch (of up to 4).
   */
  async function holdPostgresLoops(grade: GradingEngine) {
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let held = 0
    postgresBehaviour = async (request) => {
      if (String(request.answer).includes('/* hold */')) {
        held += 1
        await gate
        return realPostgres(request)
      }
      return grade(request)
    }
    const learner = await createLearner({ enrolIn: seeded.courseId })
    // One at a time: a loop fetches up to four jobs, and grades a batch's one after another.
    const holders: { submissionId: string }[] = []
    for (const count of [1, 2]) {
      holders.push(await submit(learner.id, 'hw1/longest-trip-day', `SELECT ${count} /* hold */`))
      await waitFor(async () => held === count || null, { timeoutMs: 20_000, what: `postgres loop ${count} to hold an answer` })
    }
    return {
      release,
      async done() {
        for (const holder of holders) await finalView(holder.submissionId, learner.id)
      },
    }
  }

  it('grades a batch of SQL answers with one start and one store: one that fails is retried alone, the others stored once', async () => {
    const right = 'SELECT lpep_pickup_datetime::date AS pickup_day FROM green_tripdata ORDER BY trip_distance DESC LIMIT 1'
    const failsOnce = `${right} /* fails once */`
    let failed = 0
    const calls = new Map<string, number>()
    const batches: string[][] = []
    storeBehaviour = async (inputs) => {
      batches.push(inputs.map((input) => input.runId))
      return recordGradingResults(inputs)
    }
    const loops = await holdPostgresLoops(async (request) => {
      const answer = String(request.answer)
      calls.set(answer, (calls.get(answer) ?? 0) + 1)
      if (answer === failsOnce && failed++ === 0) throw new Error('the sandbox connection dropped')
      return realPostgres(request)
    })
    try {
      const learners = [await createLearner({ enrolIn: seeded.courseId }), await createLearner({ enrolIn: seeded.courseId })]
      const sent = {
        right: await submit(learners[0]!.id, 'hw1/longest-trip-day', right),
        failsOnce: await submit(learners[0]!.id, 'hw1/longest-trip-day', failsOnce),
        // A PostgreSQL error is the learner's: a verdict, stored like the others.
        sqlError: await submit(learners[1]!.id, 'hw1/longest-trip-day', 'SELECT no_such_column FROM green_tripdata'),
        wrong: await submit(learners[1]!.id, 'hw1/longest-trip-day', 'SELECT lpep_pickup_datetime::date AS pickup_day, max(trip_distance) FROM green_tripdata GROUP BY 1 ORDER BY 2 DESC LIMIT 1'),
      }
      loops.release()
      const owner = { right: learners[0]!, failsOnce: learners[0]!, sqlError: learners[1]!, wrong: learners[1]! }
      const views = Object.fromEntries(await Promise.all(Object.entries(sent).map(async ([key, { submissionId }]) => [key, await finalView(submissionId, owner[key as keyof typeof owner].id)] as const)))
      expect(views.right!.run).toMatchObject({ verdict: 'correct', points: 2, attempts: 1 })
      expect(views.failsOnce!.run).toMatchObject({ verdict: 'correct', points: 2, attempts: 2 })
      expect(views.sqlError!.run).toMatchObject({ verdict: 'incorrect', attempts: 1 })
      expect(views.sqlError!.run?.checks.find((check) => !check.passed)?.name).toBe('runs')
      expect(views.wrong!.run).toMatchObject({ verdict: 'incorrect', attempts: 1 })
      // Each graded once (the failing one twice: its retry), each run once and succeeded.
      expect([...calls.values()].sort()).toEqual([1, 1, 1, 2])
      const runIds = Object.values(sent).map(({ runId }) => runId)
      const runs = await db.gradingRun.findMany({ where: { submission: { userId: { in: learners.map((learner) => learner.id) } } }, select: { id: true, status: true } })
      expect(runs.map((run) => run.id).sort()).toEqual([...runIds].sort())
      expect(runs.every((run) => run.status === 'succeeded')).toBe(true)
      // The three that graded at the first try were stored together (the batch of four, less the failure).
      const ours = batches.map((batch) => batch.filter((runId) => runIds.includes(runId))).filter((batch) => batch.length > 0)
      expect(ours.flat().sort()).toEqual([...runIds].sort())
      expect(ours.some((batch) => batch.length === 3 && !batch.includes(sent.failsOnce.runId))).toBe(true)
      // The scores add up: one question, each learner's best.
      const questionId = seeded.questionIds['hw1/longest-trip-day']!
      const scores = await db.questionScore.findMany({ where: { questionId, userId: { in: learners.map((learner) => learner.id) } }, orderBy: { points: 'desc' } })
      expect(scores.map((score) => [score.userId, score.points])).toEqual([
        [learners[0]!.id, 2],
        [learners[1]!.id, 0],
      ])
      await loops.done()
    } finally {
      loops.release()
      storeBehaviour = recordGradingResults
      postgresBehaviour = realPostgres
    }
  }, 60_000)

  it('stores the verdicts graded so far when the rest of a SQL batch is slow', async () => {
    // Two answers in one batch: whichever is graded second waits until the first one's verdict is
    // visible to the learner — which happens only if its batch stores it without waiting for the second.
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const answers = ['SELECT 3 AS first_of_batch', 'SELECT 4 AS second_of_batch']
    const graded: string[] = []
    let sawEarlierVerdict: boolean | null = null
    const loops = await holdPostgresLoops(async (request) => {
      if (graded.length === 1) {
        const earlier = sent[answers.indexOf(graded[0]!)]!
        sawEarlierVerdict = await waitFor(async () => ((await getSubmissionForOwner(earlier.submissionId, learner.id)).status === 'graded' ? true : null), {
          timeoutMs: 15_000,
          what: 'the earlier verdict of the batch',
        }).catch(() => false)
      }
      graded.push(String(request.answer))
      return realPostgres(request)
    })
    const sent: { submissionId: string; runId: string }[] = []
    try {
      for (const answer of answers) sent.push(await submit(learner.id, 'hw1/longest-trip-day', answer))
      loops.release()
      for (const { submissionId } of sent) await finalView(submissionId, learner.id)
      const runs = await db.gradingRun.findMany({ where: { id: { in: sent.map(({ runId }) => runId) } }, select: { startedAt: true, attempts: true } })
      // One batch: both started by the same statement.
      expect(new Set(runs.map((run) => run.startedAt?.getTime())).size).toBe(1)
      expect(runs.every((run) => run.attempts === 1)).toBe(true)
      expect(sawEarlierVerdict).toBe(true)
      await loops.done()
    } finally {
      loops.release()
      postgresBehaviour = realPostgres
    }
  }, 60_000)

  it('regrades the latest submission of each learner, keeping the earlier runs', async () => {
    quizBehaviour = quizEngine
    const questionId = seeded.questionIds['hw1/warehouse-features']!
    const first = await createLearner({ enrolIn: seeded.courseId })
    const second = await createLearner({ enrolIn: seeded.courseId })
    const older = await submit(first.id, 'hw1/warehouse-features', ['a', 'b'])
    await finalView(older.submissionId, first.id)
    const latest = await submit(first.id, 'hw1/warehouse-features', ['a'])
    const other = await submit(second.id, 'hw1/warehouse-features', ['c'])
    await finalView(latest.submissionId, first.id)
    await finalView(other.submissionId, second.id)

    // The answer key "changes": every answer is now worth full points.
    quizBehaviour = async () => ({ verdict: 'correct', score: 1, checks: [{ name: 'answer', passed: true, points: 2, maxPoints: 2, message: 'Correct.' }], durationMs: 1, engine: 'quiz' })
    const summary = await regradeQuestion(questionId)
    expect(summary.queued).toBeGreaterThanOrEqual(2)
    await waitFor(async () => (await db.gradingRun.count({ where: { trigger: 'regrade', submission: { questionId }, status: { in: ['queued', 'running'] } } })) === 0, { what: 'the regrade to finish' })

    expect(await db.gradingRun.count({ where: { submissionId: latest.submissionId } })).toBe(2)
    expect(await db.gradingRun.count({ where: { submissionId: older.submissionId } })).toBe(1)
    expect((await getSubmissionForOwner(latest.submissionId, first.id)).run).toMatchObject({ verdict: 'correct', points: 2 })
    const otherScore = await db.questionScore.findUniqueOrThrow({ where: { userId_questionId: { userId: second.id, questionId } } })
    expect(otherScore.points).toBe(2)
    const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: second.id, courseId: seeded.courseId } } })
    expect(enrollment.points).toBe(2)
    quizBehaviour = quizEngine
  }, 30_000)
})

export type { GradeRequest }
