import { beforeAll, describe, expect, it } from 'vitest'
import { syncCourse } from '../courses/sync-course.ts'
import { courseReader } from '../courses/configured-course-reader.ts'
import { db } from '../db/client.ts'
import { DeadlinePassedError, NotEnrolledError } from '../errors.ts'
import { enroll } from './enrollment.ts'
import { getHomeworkExtras, homeworkExtrasInput, saveHomeworkExtras } from './homework-extras.ts'

const COURSE = 'data-engineering-zoomcamp'
const blank = { solutionUrl: '', learningInPublicUrls: '', lecturesHours: '', homeworkHours: '', faqUrl: '' }
const onTime = new Date('2027-01-12T10:00:00Z')
let userId: string

beforeAll(async () => {
  await syncCourse((await courseReader().read(COURSE))!)
  userId = (await db.user.create({ data: { email: 'extras@example.com' } })).id
  await enroll(userId, COURSE)
})

describe('homework extras', () => {
  it('gives a point per distinct learning-in-public link, up to the cap, on top of homework points', async () => {
    // 5 homework points already earned on hw1 (as the grading service records them).
    const hw1 = await db.homework.findFirstOrThrow({ where: { slug: 'hw1', course: { slug: COURSE } } })
    await db.homeworkScore.create({ data: { userId, homeworkId: hw1.id, points: 5, maxPoints: 12 } })
    await db.enrollment.updateMany({ where: { userId }, data: { homeworkPoints: 5, points: 5 } })
    const links = Array.from({ length: 9 }, (_, i) => `https://www.linkedin.com/posts/ada-${i}`)
    const result = await saveHomeworkExtras(
      userId,
      COURSE,
      'hw1',
      { ...blank, learningInPublicUrls: [...links, links[0]].join('\n'), solutionUrl: 'https://github.com/ada/zoomcamp', lecturesHours: '3.5', homeworkHours: '2' },
      onTime,
    )
    expect(result).toMatchObject({ learningInPublicPoints: 7, cap: 7, coursePoints: 12 })
    const enrollment = await db.enrollment.findFirstOrThrow({ where: { userId } })
    expect(enrollment).toMatchObject({ learningInPublicPoints: 7, homeworkPoints: 5, points: 12 })
    const saved = await getHomeworkExtras(userId, COURSE, 'hw1')
    expect(saved).toMatchObject({ solutionUrl: 'https://github.com/ada/zoomcamp', lecturesHours: 3.5, homeworkHours: 2 })
    expect(saved!.learningInPublicUrls).toHaveLength(9)

    // Another homework adds its own points; removing links takes them away again.
    await saveHomeworkExtras(userId, COURSE, 'hw2', { ...blank, learningInPublicUrls: 'https://x.com/ada/status/1' }, onTime)
    expect((await db.enrollment.findFirstOrThrow({ where: { userId } })).points).toBe(13)
    await saveHomeworkExtras(userId, COURSE, 'hw1', blank, onTime)
    expect((await db.enrollment.findFirstOrThrow({ where: { userId } })).points).toBe(6)
  })

  it('reads a decimal comma in hours, as typed in Berlin', () => {
    const parsed = homeworkExtrasInput.parse({ ...blank, lecturesHours: '3,5', homeworkHours: ' 2.25 ' })
    expect(parsed).toMatchObject({ lecturesHours: 3.5, homeworkHours: 2.3 })
  })

  it.each([
    [{ solutionUrl: 'github.com/ada' }, /full web address/],
    [{ lecturesHours: '3,5,1' }, /number of hours/],
    [{ solutionUrl: 'javascript:alert(1)' }, /full web address/],
    [{ learningInPublicUrls: 'https://ok.example.com/a\nnot a link' }, /full web address/],
    [{ lecturesHours: '-1' }, /negative/],
    [{ homeworkHours: 'lots' }, /number of hours/],
    [{ faqUrl: 'ftp://files.example.com/x' }, /full web address/],
  ])('refuses bad input %#', async (bad, message) => {
    await expect(saveHomeworkExtras(userId, COURSE, 'hw1', { ...blank, ...bad }, onTime)).rejects.toThrow(message)
  })

  it('a post earns one point in the course: not for a second learner, not on a second homework; profiles are refused', async () => {
    const post = 'https://www.linkedin.com/posts/ada_week1-activity-42'
    await saveHomeworkExtras(userId, COURSE, 'hw3', { ...blank, learningInPublicUrls: post }, onTime)
    // Saving the same homework again keeps it (the learner's own row is not a duplicate).
    await saveHomeworkExtras(userId, COURSE, 'hw3', { ...blank, learningInPublicUrls: post }, onTime)

    const copier = (await db.user.create({ data: { email: 'copier@example.com' } })).id
    await enroll(copier, COURSE)
    const copy = `${post}/?utm_source=share`
    await expect(saveHomeworkExtras(copier, COURSE, 'hw3', { ...blank, learningInPublicUrls: copy }, onTime)).rejects.toMatchObject({
      fieldErrors: { learningInPublicUrls: expect.stringContaining('Already submitted in this course') },
    })
    await expect(saveHomeworkExtras(userId, COURSE, 'hw4', { ...blank, learningInPublicUrls: post }, onTime)).rejects.toThrow(/already submitted/)
    await expect(saveHomeworkExtras(copier, COURSE, 'hw3', { ...blank, learningInPublicUrls: 'https://www.linkedin.com/in/copier' }, onTime)).rejects.toThrow(/not a post/)
    expect((await db.enrollment.findFirstOrThrow({ where: { userId: copier } })).learningInPublicPoints).toBe(0)
  })

  it('needs an enrolment and an open homework', async () => {
    const stranger = (await db.user.create({ data: { email: 'stranger@example.com' } })).id
    await expect(saveHomeworkExtras(stranger, COURSE, 'hw1', blank, onTime)).rejects.toBeInstanceOf(NotEnrolledError)
    await expect(saveHomeworkExtras(userId, COURSE, 'hw1', blank, new Date('2027-06-01T00:00:00Z'))).rejects.toBeInstanceOf(DeadlinePassedError)
    await expect(saveHomeworkExtras(userId, COURSE, 'no-such-homework', blank, onTime)).rejects.toThrow(/not found/)
  })
})
