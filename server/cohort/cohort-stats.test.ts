// The cohort numbers on a seeded cohort: 6 learners of the mini course with known attempts and scores.
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { activeLearnersPerWeek, completionFunnel, enrolmentsPerWeek, hardestQuestions, scoreDistributions } from './cohort-stats.ts'

let mini: LoadedCourse
let seeded: SeededCourse
let hw1: { id: string; questions: string[]; max: number }

async function attempt(userId: string, questionKey: string, attemptNo: number, verdict: 'correct' | 'incorrect' | 'invalid', submittedAt: Date) {
  const submission = await db.submission.create({
    data: { userId, questionId: seeded.questionIds[questionKey]!, answer: {}, attempt: attemptNo, status: 'graded', submittedAt },
  })
  await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'quiz', status: 'succeeded', verdict, score: verdict === 'correct' ? 1 : 0 } })
}

beforeAll(async () => {
  mini = await loadCourse(path.resolve('tests/fixtures/courses/mini'))
  seeded = await seedCourseRows(mini)
  const homework = mini.weeks[0]!.homework!
  hw1 = { id: homework.slug, questions: homework.questions.map((q) => `${homework.slug}/${q.slug}`), max: homework.totalPoints }
  const [q1, q2] = hw1.questions as [string, string]
  const week1 = new Date('2027-01-13T10:00:00Z') // a Wednesday
  const week2 = new Date('2027-01-20T10:00:00Z')
  const learners = []
  for (let i = 0; i < 6; i++) {
    const user = await createLearner({ enrolIn: seeded.courseId })
    await db.enrollment.update({ where: { userId_courseId: { userId: user.id, courseId: seeded.courseId } }, data: { createdAt: i < 4 ? week1 : week2 } })
    learners.push(user.id)
  }
  const [a, b, c, d, e] = learners as [string, string, string, string, string]
  // q1: a right first time; b right at attempt 3 (submission 4: its second one was invalid and used no
  // attempt, decision 042); c wrong twice; d right at attempt 2 (week 2). e's only answer was invalid (not graded as an answer).
  await attempt(a, q1, 1, 'correct', week1)
  for (const [n, v] of [[1, 'incorrect'], [2, 'invalid'], [3, 'incorrect'], [4, 'correct']] as const) await attempt(b, q1, n, v, week1)
  await attempt(c, q1, 1, 'incorrect', week1)
  await attempt(c, q1, 2, 'incorrect', week2)
  await attempt(d, q1, 1, 'incorrect', week2)
  await attempt(d, q1, 2, 'correct', week2)
  await attempt(e, q1, 1, 'invalid', week2)
  // q2: a and b wrong, c right.
  await attempt(a, q2, 1, 'incorrect', week1)
  await attempt(b, q2, 1, 'incorrect', week1)
  await attempt(c, q2, 1, 'correct', week1)
  // Homework scores: full, half, a tenth, zero.
  const scores: [string, number][] = [[a, 1], [b, 0.5], [c, 0.1], [d, 0]]
  for (const [userId, fraction] of scores) {
    await db.homeworkScore.create({ data: { userId, homeworkId: seeded.homeworkIds[hw1.id]!, points: fraction * hw1.max, maxPoints: hw1.max } })
  }
})

describe('cohort statistics', () => {
  it('counts enrolments per week, with a running total', async () => {
    expect(await enrolmentsPerWeek(seeded.courseId)).toEqual([
      { week: '2027-01-11', count: 4, total: 4 },
      { week: '2027-01-18', count: 2, total: 6 },
    ])
  })

  it('counts learners active per week (any submission)', async () => {
    expect(await activeLearnersPerWeek(seeded.courseId)).toEqual([
      { week: '2027-01-11', count: 3 },
      { week: '2027-01-18', count: 3 },
    ])
  })

  it('builds the completion funnel, with the final-project steps counted from the project tables', async () => {
    const funnel = await completionFunnel(seeded.courseId, mini)
    expect(funnel[0]).toEqual({ step: 'Enrolled', learners: 6 })
    expect(funnel[1]).toEqual({ step: `Submitted ${mini.weeks[0]!.homework!.config.title}`, learners: 5 })
    expect(funnel[2]).toEqual({ step: `Submitted ${mini.weeks[1]!.homework!.config.title}`, learners: 0 })
    // Nobody in this cohort fixture has submitted a project: the steps are there, and zero.
    expect(funnel.filter((s) => ['Project submitted', 'Reviews done', 'Project passed'].includes(s.step))).toEqual([
      { step: 'Project submitted', learners: 0 },
      { step: 'Reviews done', learners: 0 },
      { step: 'Project passed', learners: 0 },
    ])
    expect(funnel.at(-1)).toEqual({ step: 'Certified', learners: 0 })
  })

  it('buckets homework scores by tenths of the maximum', async () => {
    const [first] = await scoreDistributions(seeded.courseId, mini)
    expect(first!.homework).toBe(hw1.id)
    expect(first!.learners).toBe(4)
    // 0 and 0.1·max in the first two buckets, 0.5 in the sixth, full marks in the last.
    expect(first!.buckets).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 1])
    expect(first!.median).toBeCloseTo(0.3 * hw1.max)
  })

  it('ranks questions by correct rate, with attempts to first success; invalid answers do not count', async () => {
    const [hardest, next] = await hardestQuestions(seeded.courseId)
    expect(hardest).toMatchObject({ question: hw1.questions[1]!.split('/')[1], learners: 3, solved: 1, attemptsToFirstSuccess: 1 })
    expect(hardest!.correctRate).toBeCloseTo(1 / 3)
    expect(next).toMatchObject({ question: hw1.questions[0]!.split('/')[1], learners: 4, solved: 3 })
    expect(next!.attemptsToFirstSuccess).toBeCloseTo((1 + 3 + 2) / 3)
  })
})
