import { beforeAll, describe, expect, it } from 'vitest'
import { syncCourse } from '../courses/sync-course.ts'
import { courseReader } from '../courses/configured-course-reader.ts'
import { db } from '../db/client.ts'
import { toPublicError } from '../errors.ts'
import { enroll } from './enrollment.ts'
import { getHomeworkExtras, saveHomeworkExtras } from './homework-extras.ts'
import { listLearningInPublicLinks, strikeLearningInPublicLink } from './learning-in-public-review.ts'

const COURSE = 'data-engineering-zoomcamp'
const blank = { solutionUrl: '', learningInPublicUrls: '', lecturesHours: '', homeworkHours: '', faqUrl: '' }
const posts = ['https://www.linkedin.com/posts/ida-1', 'https://x.com/ida/status/2', 'https://ida.hashnode.dev/week-1']
let courseId: string
let learnerId: string
let staffId: string

async function points() {
  return db.enrollment.findFirstOrThrow({ where: { userId: learnerId, courseId }, select: { points: true, learningInPublicPoints: true } })
}

beforeAll(async () => {
  await syncCourse((await courseReader().read(COURSE))!)
  courseId = (await db.course.findUniqueOrThrow({ where: { slug: COURSE } })).id
  learnerId = (await db.user.create({ data: { email: 'ida@example.com', name: 'Ida' } })).id
  staffId = (await db.user.create({ data: { email: 'staff@example.com' } })).id
  await enroll(learnerId, COURSE)
  await saveHomeworkExtras(learnerId, COURSE, 'hw1', { ...blank, learningInPublicUrls: posts.join('\n') })
})

describe('staff strike learning-in-public links', () => {
  it('a struck link earns nothing, the learner sees the reason, and pasting it again does not bring the point back', async () => {
    expect(await points()).toEqual({ points: 3, learningInPublicPoints: 3 })
    const listed = await listLearningInPublicLinks(courseId)
    const entry = listed.rows.find((row) => row.user.email === 'ida@example.com')!
    expect(entry.learningInPublicUrls).toHaveLength(3)

    const struck = entry.learningInPublicUrls.find((url) => url.includes('x.com'))!
    const result = await strikeLearningInPublicLink(courseId, staffId, { extrasId: entry.id, url: struck, reason: 'The post is about another course.' })
    expect(result.coursePoints).toBe(2)
    expect(await points()).toEqual({ points: 2, learningInPublicPoints: 2 })
    const seen = await getHomeworkExtras(learnerId, COURSE, 'hw1')
    expect(seen!.strikes).toEqual([expect.objectContaining({ url: struck, reason: 'The post is about another course.' })])

    // The learner saves the same links again: still struck, still 2.
    await saveHomeworkExtras(learnerId, COURSE, 'hw1', { ...blank, learningInPublicUrls: [...posts].reverse().join('\n') })
    expect(await points()).toEqual({ points: 2, learningInPublicPoints: 2 })
  })

  it('refuses a second strike (409), a link the learner did not send (404), and a strike without a reason (422)', async () => {
    const entry = (await listLearningInPublicLinks(courseId)).rows.find((row) => row.user.email === 'ida@example.com')!
    const struckBefore = await db.learningInPublicStrike.count()
    const url = entry.learningInPublicUrls.find((candidate) => candidate.includes('x.com'))!
    const twice = await strikeLearningInPublicLink(courseId, staffId, { extrasId: entry.id, url, reason: 'Again.' }).catch((error: unknown) => error)
    expect(toPublicError(twice).status).toBe(409)
    const unknown = await strikeLearningInPublicLink(courseId, staffId, { extrasId: entry.id, url: 'https://x.com/someone/status/9', reason: 'Not theirs.' }).catch((error: unknown) => error)
    expect(toPublicError(unknown).status).toBe(404)
    const otherCourse = await strikeLearningInPublicLink('no-such-course-id', staffId, { extrasId: entry.id, url: entry.learningInPublicUrls[0]!, reason: 'Wrong course.' }).catch((error: unknown) => error)
    expect(toPublicError(otherCourse).status).toBe(404)
    const noReason = await strikeLearningInPublicLink(courseId, staffId, { extrasId: entry.id, url: entry.learningInPublicUrls[0]!, reason: '  ' }).catch((error: unknown) => error)
    expect(toPublicError(noReason)).toMatchObject({ status: 422, fieldErrors: { reason: expect.stringContaining('Say why') } })
    expect(await db.learningInPublicStrike.count()).toBe(struckBefore)
    expect(await points()).toEqual({ points: 2, learningInPublicPoints: 2 })
  })
})
