import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { db, type Verdict } from '../db/client.ts'
import { recordGradingResult, recordGradingResults } from '../grading/run-lifecycle.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { type DbTransaction, lockLearnerScores, recomputeCoursePoints, recomputeScores, recomputeScoresOf, type ScoringPolicy } from './recompute-scores.ts'
import { recomputeCoursePointsReference, recomputeScoresReference } from './testing/recompute-scores-reference.ts'

let seeded: SeededCourse
let questions: { id: string; homeworkId: string; maxPoints: number }[]

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  questions = await db.question.findMany({ select: { id: true, homeworkId: true, maxPoints: true }, orderBy: { id: 'asc' } })
})

async function addSubmission(userId: string, questionId: string, attempt: number, latePenalty = 0) {
  const submission = await db.submission.create({
    data: { userId, questionId, attempt, answer: 'x', latePenalty, isLate: latePenalty > 0 },
    select: { id: true },
  })
  return submission.id
}

async function addRun(submissionId: string, queuedAt = new Date()) {
  const run = await db.gradingRun.create({ data: { submissionId, engine: 'quiz', status: 'queued', queuedAt }, select: { id: true } })
  return run.id
}

function result(verdict: GradeResult['verdict'], score: number): GradeResult {
  return { verdict, score, checks: [{ name: 'answer', passed: score > 0, points: score, maxPoints: 1, message: '' }], durationMs: 1, engine: 'quiz' }
}

async function scoresOf(userId: string) {
  const [questionScores, homeworkScores, enrollment] = await Promise.all([
    db.questionScore.findMany({ where: { userId }, select: { questionId: true, points: true, submissionId: true }, orderBy: { questionId: 'asc' } }),
    db.homeworkScore.findMany({ where: { userId }, select: { homeworkId: true, points: true, maxPoints: true }, orderBy: { homeworkId: 'asc' } }),
    db.enrollment.findFirst({ where: { userId, courseId: seeded.courseId }, select: { homeworkPoints: true, points: true } }),
  ])
  return { questionScores, homeworkScores, enrollment }
}

describe('recordGradingResult and the score recompute', () => {
  it('takes the best or the last graded attempt, with the late penalty; invalid never counts; a regrade supersedes', async () => {
    const questionId = seeded.questionIds['hw1/warehouse-features']!
    const homeworkId = seeded.homeworkIds['hw1']!
    const { maxPoints } = await db.question.findUniqueOrThrow({ where: { id: questionId }, select: { maxPoints: true } })
    const otherQuestions = await db.question.findMany({ where: { homeworkId, archivedAt: null }, select: { maxPoints: true } })
    const homeworkMax = otherQuestions.reduce((sum, question) => sum + question.maxPoints, 0)

    for (const scoring of ['best', 'last'] as ScoringPolicy[]) {
      const learner = await createLearner({ enrolIn: seeded.courseId })
      await db.enrollment.updateMany({ where: { userId: learner.id }, data: { learningInPublicPoints: 3, projectPoints: 5 } })
      const attempts = [
        { latePenalty: 0, result: result('partial', 0.5) }, // 0.5 × max
        { latePenalty: 0.2, result: result('correct', 1) }, // 0.8 × max: the best
        { latePenalty: 0.2, result: result('incorrect', 0) }, // 0: the last graded
        { latePenalty: 0.2, result: result('invalid', 0) }, // never counts
      ]
      const submissions: string[] = []
      for (const [index, { latePenalty, result: graded }] of attempts.entries()) {
        const submissionId = await addSubmission(learner.id, questionId, index + 1, latePenalty)
        submissions.push(submissionId)
        const runId = await addRun(submissionId)
        expect(await recordGradingResult({ runId, result: graded, scoring })).toBe(true)
        // A second delivery of the same job stores nothing.
        expect(await recordGradingResult({ runId, result: result('correct', 1), scoring })).toBe(false)
      }
      const runs = await db.gradingRun.findMany({ where: { submissionId: { in: submissions } }, select: { submissionId: true, points: true, verdict: true } })
      expect(runs.map((run) => [submissions.indexOf(run.submissionId) + 1, run.verdict, run.points]).sort()).toEqual([
        [1, 'partial', 0.5 * maxPoints],
        [2, 'correct', 1 * maxPoints * (1 - 0.2)],
        [3, 'incorrect', 0],
        [4, 'invalid', 0],
      ])

      const expected = scoring === 'best' ? { submissionId: submissions[1], points: 0.8 * maxPoints } : { submissionId: submissions[2], points: 0 }
      const scores = await scoresOf(learner.id)
      expect(scores.questionScores).toEqual([{ questionId, ...expected }])
      expect(scores.homeworkScores).toEqual([{ homeworkId, points: expected.points, maxPoints: homeworkMax }])
      // Course points: homework + learning in public (3) + final project (5).
      expect(scores.enrollment).toEqual({ homeworkPoints: expected.points, points: expected.points + 3 + 5 })

      // A regrade of the best attempt that finds it incorrect supersedes the earlier run.
      const regradeRun = await addRun(submissions[1]!, new Date(Date.now() + 1_000))
      expect(await recordGradingResult({ runId: regradeRun, result: result('incorrect', 0), scoring })).toBe(true)
      const afterRegrade = scoring === 'best' ? { submissionId: submissions[0], points: 0.5 * maxPoints } : { submissionId: submissions[2], points: 0 }
      expect((await scoresOf(learner.id)).questionScores).toEqual([{ questionId, ...afterRegrade }])
    }
  })

  it('stores a batch of results in one transaction: each run once, the scores as if stored one by one', async () => {
    const [first, second] = [await createLearner({ enrolIn: seeded.courseId }), await createLearner({ enrolIn: seeded.courseId })]
    const hw1 = questions.filter((question) => question.homeworkId === seeded.homeworkIds['hw1'])
    const hw2 = questions.find((question) => question.homeworkId === seeded.homeworkIds['hw2'])!
    // The first learner: two attempts at one question and one at another in the same homework, and one
    // in the other homework; the second learner: one. All in one batch, whose totals must add them all.
    const plan = [
      { userId: first.id, question: hw1[0]!, attempt: 1, result: result('partial', 0.5) },
      { userId: first.id, question: hw1[0]!, attempt: 2, result: result('correct', 1) },
      { userId: first.id, question: hw1[1]!, attempt: 1, result: result('correct', 1) },
      { userId: first.id, question: hw2, attempt: 1, result: result('correct', 1) },
      { userId: second.id, question: hw1[1]!, attempt: 1, result: result('partial', 0.25) },
    ]
    const runs: string[] = []
    for (const step of plan) runs.push(await addRun(await addSubmission(step.userId, step.question.id, step.attempt)))
    // One run of the batch was stored already (a duplicate delivery): it keeps its first result.
    expect(await recordGradingResult({ runId: runs[4]!, result: result('correct', 1), scoring: 'best' })).toBe(true)
    const inputs = plan.map((step, index) => ({ runId: runs[index]!, result: step.result, scoring: 'best' as const }))
    // …and one run is given twice in the batch: stored once, with its first result.
    const stored = await recordGradingResults([...inputs, { ...inputs[0]!, result: result('correct', 1) }])
    expect(stored).toEqual([true, true, true, true, false, false])
    const graded = await db.gradingRun.findMany({ where: { id: { in: runs } }, select: { id: true, verdict: true } })
    expect(graded.map((run) => [runs.indexOf(run.id), run.verdict]).sort()).toEqual([
      [0, 'partial'],
      [1, 'correct'],
      [2, 'correct'],
      [3, 'correct'],
      [4, 'correct'],
    ])

    // The same scores as the reference recompute gives, pair by pair.
    for (const learner of [first, second]) {
      const rollback = new Error('rollback')
      let expected: Awaited<ReturnType<typeof scoresOf>> | undefined
      await db
        .$transaction(async (tx) => {
          for (const step of plan.filter((step) => step.userId === learner.id)) await recomputeScoresReference(tx, { userId: learner.id, questionId: step.question.id, scoring: 'best' })
          expected = await scoresInTransaction(tx, learner.id)
          throw rollback
        })
        .catch((error: unknown) => {
          if (error !== rollback) throw error
        })
      expectSameScores(await scoresOf(learner.id), expected!)
    }
    const firstScores = await scoresOf(first.id)
    expect(firstScores.questionScores.map((score) => score.points).sort()).toEqual([1, 1, 1].map((points, index) => points * [hw1[0]!, hw1[1]!, hw2][index]!.maxPoints).sort())
  })

  it('recomputes several learners and questions in one statement as one recompute each would', async () => {
    const learners = [await createLearner({ enrolIn: seeded.courseId }), await createLearner({ enrolIn: seeded.courseId })]
    const pairs: { userId: string; questionId: string; scoring: ScoringPolicy }[] = []
    for (const [index, learner] of learners.entries()) {
      for (const question of questions.slice(index, index + 4)) {
        const submissionId = await addSubmission(learner.id, question.id, 1)
        await db.gradingRun.create({ data: { submissionId, engine: 'quiz', status: 'succeeded', verdict: 'correct', score: 1, points: question.maxPoints } })
        pairs.push({ userId: learner.id, questionId: question.id, scoring: 'best' })
      }
    }
    const expected = new Map<string, Awaited<ReturnType<typeof scoresOf>>>()
    const rollback = new Error('rollback')
    await db
      .$transaction(async (tx) => {
        for (const pair of pairs) await recomputeScoresReference(tx, pair)
        for (const learner of learners) expected.set(learner.id, await scoresInTransaction(tx, learner.id))
        throw rollback
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error
      })
    await db.$transaction(async (tx) => {
      for (const learner of learners) await lockLearnerScores(tx, learner.id)
      await recomputeScoresOf(tx, [...pairs, pairs[0]!])
    })
    for (const learner of learners) expectSameScores(await scoresOf(learner.id), expected.get(learner.id)!)
    expect((await scoresOf(learners[0]!.id)).homeworkScores.reduce((sum, score) => sum + score.points, 0)).toBe(
      questions.slice(0, 4).reduce((sum, question) => sum + question.maxPoints, 0),
    )
  })

  // 168 recomputes, each compared with the reference: ~18 s on a quiet machine, over 30 s at a load average of 30.
  it('gives the same scores as the Prisma implementation it replaced, over random histories', { timeout: 120_000 }, async () => {
    // A seeded generator, so a failure can be replayed.
    let state = 20261125
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const verdicts: Verdict[] = ['correct', 'partial', 'incorrect', 'invalid', 'error']
    const penalties = [0, 0, 0.1, 0.25]

    // One question and one homework archived, so the totals must leave them out.
    const archivedQuestion = questions.find((question) => question.homeworkId === seeded.homeworkIds['hw1'])!
    await db.question.update({ where: { id: archivedQuestion.id }, data: { archivedAt: new Date() } })
    const otherHomework = Object.values(seeded.homeworkIds).find((id) => id !== seeded.homeworkIds['hw1'])
    const archivedHomework = await db.homework.create({
      data: { courseId: seeded.courseId, moduleId: (await db.homework.findFirstOrThrow({ where: { id: otherHomework } })).moduleId, slug: `old-${randomBytes(3).toString('hex')}`, title: 'Old', deadline: new Date(), contentHash: 'x' },
    })
    const oldQuestion = await db.question.create({
      data: { homeworkId: archivedHomework.id, slug: 'old', position: 1, kind: 'numeric', engine: 'quiz', maxPoints: 7, contentHash: 'x' },
    })
    await db.homework.update({ where: { id: archivedHomework.id }, data: { archivedAt: new Date() } })
    const allQuestions = [...questions, { id: oldQuestion.id, homeworkId: archivedHomework.id, maxPoints: 7 }]

    let compared = 0
    for (let learnerIndex = 0; learnerIndex < 12; learnerIndex++) {
      const learner = await createLearner({ enrolIn: seeded.courseId })
      await db.enrollment.updateMany({ where: { userId: learner.id }, data: { learningInPublicPoints: Math.floor(random() * 5), projectPoints: Math.floor(random() * 40) } })
      const attempts = new Map<string, number>()
      for (let step = 0; step < 14; step++) {
        const question = pick(allQuestions)
        const attempt = (attempts.get(question.id) ?? 0) + 1
        attempts.set(question.id, attempt)
        const latePenalty = pick(penalties)
        const submissionId = await addSubmission(learner.id, question.id, attempt, latePenalty)
        // One to three runs (regrades), queued in order, some failed or still open.
        const runCount = 1 + Math.floor(random() * 3)
        for (let run = 0; run < runCount; run++) {
          const verdict = pick(verdicts)
          const score = verdict === 'correct' ? 1 : verdict === 'partial' ? pick([0.25, 0.5, 0.75]) : 0
          const status = pick(['succeeded', 'succeeded', 'succeeded', 'failed', 'queued'] as const)
          await db.gradingRun.create({
            data: {
              submissionId,
              engine: 'quiz',
              status,
              queuedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, step * 10 + run)),
              ...(status === 'succeeded' ? { verdict, score, points: verdict === 'invalid' ? 0 : score * question.maxPoints * (1 - latePenalty) } : {}),
            },
          })
        }

        const scoring = pick(['best', 'last'] as const)
        const input = { userId: learner.id, questionId: question.id, scoring }
        // The reference first, rolled back, then the SQL from the same state, kept.
        const rollback = new Error('rollback')
        let expected: Awaited<ReturnType<typeof scoresOf>> | undefined
        await db
          .$transaction(async (tx) => {
            await recomputeScoresReference(tx, input)
            expected = await scoresInTransaction(tx, learner.id)
            throw rollback
          })
          .catch((error: unknown) => {
            if (error !== rollback) throw error
          })
        const actual = await db.$transaction(async (tx) => {
          await lockLearnerScores(tx, learner.id)
          await recomputeScores(tx, input)
          return scoresInTransaction(tx, learner.id)
        })
        expectSameScores(actual, expected!)
        compared += 1
      }

      // Learning-in-public points changed: the course points follow.
      await db.enrollment.updateMany({ where: { userId: learner.id }, data: { learningInPublicPoints: 10 } })
      await db.$transaction((tx) => recomputeCoursePointsReference(tx, learner.id, seeded.courseId))
      const expected = await scoresOf(learner.id)
      await db.enrollment.updateMany({ where: { userId: learner.id }, data: { homeworkPoints: -1, points: -1 } })
      await db.$transaction((tx) => recomputeCoursePoints(tx, learner.id, seeded.courseId))
      expectSameScores(await scoresOf(learner.id), expected)
    }
    expect(compared).toBe(12 * 14)
  })
})

async function scoresInTransaction(tx: DbTransaction, userId: string) {
  const questionScores = await tx.questionScore.findMany({ where: { userId }, select: { questionId: true, points: true, submissionId: true }, orderBy: { questionId: 'asc' } })
  const homeworkScores = await tx.homeworkScore.findMany({ where: { userId }, select: { homeworkId: true, points: true, maxPoints: true }, orderBy: { homeworkId: 'asc' } })
  const enrollment = await tx.enrollment.findFirst({ where: { userId, courseId: seeded.courseId }, select: { homeworkPoints: true, points: true } })
  return { questionScores, homeworkScores, enrollment }
}

/** Equal, up to the order in which floating-point sums were added. */
function expectSameScores(actual: Awaited<ReturnType<typeof scoresOf>>, expected: Awaited<ReturnType<typeof scoresOf>>) {
  const rounded = (scores: Awaited<ReturnType<typeof scoresOf>>) =>
    JSON.parse(JSON.stringify(scores, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value)))
  expect(rounded(actual)).toEqual(rounded(expected))
}
