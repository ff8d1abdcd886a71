import path from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { loadCourse } from '../course/load.ts'
import { db } from './db/client.ts'
import { seedCourseRows } from './submissions/testing/seed-course.ts'
import { NotFoundError, RateLimitedError, toPublicError } from './errors.ts'
import { DEFAULT_TEST_NOW, setTestClock } from '../tests/setup/test-clock.ts'
import { PREVIEW_ROW_LIMIT, runSqlPreview } from './sql-preview.ts'

const question = { courseSlug: 'data-engineering-zoomcamp', homeworkSlug: 'hw1', questionSlug: 'trips-on-day' }
let userId: string
let courseId: string

/** Run is for enrolled learners only. */
async function enrolledLearner(email: string) {
  const id = (await db.user.create({ data: { email } })).id
  await db.enrollment.create({ data: { userId: id, courseId } })
  return id
}

beforeAll(async () => {
  process.env.GRADING_DATABASE_URL = inject('gradingAdminUrl')
  courseId = (await seedCourseRows(await loadCourse(path.join(repositoryCoursesDir, question.courseSlug)))).courseId
  userId = await enrolledLearner('preview@example.com')
  // The first Run opens the preview environment (loads the public data: a minute on a loaded machine).
  await runSqlPreview(await enrolledLearner('warm-up@example.com'), { ...question, sql: 'SELECT 1' })
}, 300_000)

describe('runSqlPreview', () => {
  it('runs a query on the public dataset and caps the rows', async () => {
    const result = await runSqlPreview(userId, { ...question, sql: 'SELECT "LocationID", "Zone" FROM taxi_zone_lookup ORDER BY 1' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.columns).toEqual(['LocationID', 'Zone'])
    expect(result.rows).toHaveLength(PREVIEW_ROW_LIMIT)
    expect(result.truncated).toBe(true)
    expect(result.rows[0]).toEqual(['1', 'Newark Airport'])
  })

  it("returns PostgreSQL's error with its position", async () => {
    const result = await runSqlPreview(userId, { ...question, sql: 'SELECT count(*) FROM green_trips' })
    expect(result).toMatchObject({ ok: false, position: 22 })
    expect(result.ok === false && result.message).toMatch(/green_trips/)
  })

  it('refuses what the question does not allow, without running it', async () => {
    const result = await runSqlPreview(userId, { ...question, sql: 'DELETE FROM taxi_zone_lookup' })
    expect(result.ok).toBe(false)
    const after = await runSqlPreview(userId, { ...question, sql: 'SELECT count(*) AS n FROM taxi_zone_lookup' })
    expect(after).toMatchObject({ ok: true, rows: [['265']] })
  })

  it('refuses a Run before the homework opens, naming the day', async () => {
    setTestClock('2027-01-10T22:59:00Z')
    try {
      const early = await runSqlPreview(userId, { ...question, sql: 'SELECT 1' }).catch((error: unknown) => error)
      expect(toPublicError(early)).toMatchObject({ status: 403, message: 'This homework opens on 11 Jan 2027, 00:00 CET; answers are accepted from then on.' })
    } finally {
      setTestClock(DEFAULT_TEST_NOW)
    }
  })

  it('only runs for SQL questions that exist', async () => {
    await expect(runSqlPreview(userId, { ...question, questionSlug: 'no-such-question', sql: 'SELECT 1' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(runSqlPreview(userId, { ...question, courseSlug: '../etc', sql: 'SELECT 1' })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('is rate-limited per learner', async () => {
    const other = await enrolledLearner('fast@example.com')
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, () => runSqlPreview(other, { ...question, sql: 'SELECT 1' })))
    const limited = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof RateLimitedError)
    expect(limited.length).toBeGreaterThanOrEqual(5)
  })
})
