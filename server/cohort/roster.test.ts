import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { roster, ROSTER_PAGE_SIZE, rosterQuery } from './roster.ts'

let mini: LoadedCourse
let seeded: SeededCourse

beforeAll(async () => {
  mini = await loadCourse(path.resolve('tests/fixtures/courses/mini'))
  seeded = await seedCourseRows(mini)
  const hw1 = mini.weeks[0]!.homework!
  const firstQuestion = seeded.questionIds[`${hw1.slug}/${hw1.questions[0]!.slug}`]!
  for (let i = 0; i < ROSTER_PAGE_SIZE + 5; i++) {
    const user = await db.user.create({ data: { email: `r${i}@example.com`, name: i === 7 ? 'Grace Hopper' : `Learner ${i}` } })
    await db.enrollment.create({ data: { userId: user.id, courseId: seeded.courseId, points: i, homeworkPoints: i } })
    if (i % 2 === 0) await db.submission.create({ data: { userId: user.id, questionId: firstQuestion, answer: {}, attempt: 1 } })
    if (i === 9) await db.certificate.create({ data: { userId: user.id, courseId: seeded.courseId, recipientName: 'L9', verificationCode: 'abcdefghjkmnpqrstuv9' } })
  }
})

const query = (input: Record<string, string>) => rosterQuery.parse(input)

describe('the roster', () => {
  it('pages by points, highest first, with the certification state from the course rules', async () => {
    const first = await roster(seeded.courseId, mini, query({}))
    expect(first.total).toBe(ROSTER_PAGE_SIZE + 5)
    expect(first.rows).toHaveLength(ROSTER_PAGE_SIZE)
    expect(first.rows[0]!.email).toBe(`r${ROSTER_PAGE_SIZE + 4}@example.com`)
    // The mini course needs the final project: without its results, learners are "in progress" (homework short) or "not evaluable".
    expect(new Set(first.rows.map((row) => row.certification))).toEqual(new Set(['in_progress', 'not_evaluable', 'certified']))
    expect((await roster(seeded.courseId, mini, query({ page: '2' }))).rows).toHaveLength(5)
  })

  it('searches by name or email and filters by certificate and homework', async () => {
    expect((await roster(seeded.courseId, mini, query({ q: 'hopper' }))).rows.map((r) => r.email)).toEqual(['r7@example.com'])
    const certified = await roster(seeded.courseId, mini, query({ certification: 'certified' }))
    expect(certified.rows.map((r) => [r.email, r.certification])).toEqual([['r9@example.com', 'certified']])
    expect((await roster(seeded.courseId, mini, query({ certification: 'not_certified' }))).total).toBe(ROSTER_PAGE_SIZE + 4)
    const hw1 = mini.weeks[0]!.homework!.slug
    const submitted = await roster(seeded.courseId, mini, query({ homework: hw1 }))
    expect(submitted.total).toBe(Math.ceil((ROSTER_PAGE_SIZE + 5) / 2))
    expect(submitted.rows.every((r) => r.submissions === 1)).toBe(true)
    const missing = await roster(seeded.courseId, mini, query({ homework: hw1, submitted: 'no' }))
    expect(missing.total).toBe(Math.floor((ROSTER_PAGE_SIZE + 5) / 2))
  })

  it('reads junk parameters as defaults', () => {
    expect(query({ page: '-3', certification: 'everyone!', homework: '../etc', submitted: 'maybe' })).toEqual({ q: '', page: 1, certification: 'all', homework: undefined, submitted: 'yes' })
  })
})
