import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { homeworkStatistics, MIN_LEARNERS } from './public-statistics.ts'

let mini: LoadedCourse
let seeded: SeededCourse
let hw: string

async function learner(fraction: number, homeworkHours: number | null, correct: boolean) {
  const user = await createLearner({ enrolIn: seeded.courseId })
  const homework = mini.weeks[0]!.homework!
  await db.homeworkScore.create({ data: { userId: user.id, homeworkId: seeded.homeworkIds[hw]!, points: fraction * homework.totalPoints, maxPoints: homework.totalPoints } })
  if (homeworkHours !== null) await db.homeworkExtras.create({ data: { userId: user.id, homeworkId: seeded.homeworkIds[hw]!, homeworkHours, learningInPublicUrls: [] } })
  const submission = await db.submission.create({ data: { userId: user.id, questionId: seeded.questionIds[`${hw}/${homework.questions[0]!.slug}`]!, answer: {}, attempt: 1 } })
  await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'quiz', status: 'succeeded', verdict: correct ? 'correct' : 'incorrect' } })
}

beforeAll(async () => {
  mini = await loadCourse(path.resolve('tests/fixtures/courses/mini'))
  seeded = await seedCourseRows(mini)
  hw = mini.weeks[0]!.homework!.slug
})

describe('public homework statistics', () => {
  it('say nothing for fewer than the minimum group, then aggregates only', async () => {
    for (let i = 0; i < MIN_LEARNERS - 1; i++) await learner(1, 2, true)
    expect(await homeworkStatistics(mini.slug, hw)).toBeNull()
    await learner(0.35, 4, false)
    await learner(0, null, false)
    const stats = await homeworkStatistics(mini.slug, hw)
    expect(stats!.learners).toBe(MIN_LEARNERS + 1)
    expect(stats!.buckets).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, MIN_LEARNERS - 1])
    // Five learners said how long the homework took: 2, 2, 2, 2, 4 hours.
    expect(stats!.homeworkHours).toEqual({ learners: 5, q1: 2, median: 2, q3: 2 })
    expect(stats!.lecturesHours).toBeNull()
    expect(stats!.questions).toEqual([{ slug: mini.weeks[0]!.homework!.questions[0]!.slug, position: 1, learners: 6, correctRate: 4 / 6 }])
    expect(JSON.stringify(stats)).not.toMatch(/@|learner-/)
  })

  it('an unknown homework has none', async () => {
    expect(await homeworkStatistics(mini.slug, 'hw99')).toBeNull()
    expect(await homeworkStatistics('nope', hw)).toBeNull()
  })
})
