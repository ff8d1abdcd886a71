// The whole process against a real database, with the mini fixture course (attempt 1: open 2027-02-01,
// submissions until 2027-02-15 23:00, reviews until 2027-02-22 23:00, Berlin time; N = 3, pass mark 5).
import { describe, expect, it } from 'vitest'
import { copyFixtureCourse, miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { syncCourse } from '../courses/sync-course.ts'
import { db } from '../db/client.ts'
import { leaderboard } from '../learners/leaderboard.ts'
import { AppError } from '../errors.ts'
import { assignDueAttempts, replaceUnstartedReviewers, volunteerForReview } from './assign-reviewers.ts'
import { loadProjectContext, type ProjectContext } from './context.ts'
import { CONCURRENT_EDIT_SEPARATOR, type ReviewDraftValues } from './draft-merge.ts'
import { discardReview, giveReviewFeedback, moderationQueue, overrideScore } from './moderation.ts'
import { computeDueResults, getResultsForAuthor } from './results.ts'
import { listMyReviews, openReview, saveReviewDraft, submitReview } from './reviews.ts'
import { saveProjectSubmission } from './submission.ts'

const DURING_SUBMISSIONS = new Date('2027-02-10T12:00:00Z')
const AFTER_SUBMISSIONS = new Date('2027-02-16T12:00:00Z')
const DURING_REVIEWS = new Date('2027-02-17T12:00:00Z')
const AFTER_REVIEWS = new Date('2027-02-23T12:00:00Z')

async function courseWithLearners(slug: string, count: number) {
  const copy = await copyFixtureCourse(miniCourseDir, slug)
  const course = await loadCourse(copy.dir)
  await syncCourse(course)
  const context = await loadProjectContext(course)
  const learners = []
  for (let index = 0; index < count; index += 1) {
    const user = await db.user.create({ data: { email: `${slug}-${index}@example.test`, name: `Learner ${index}` } })
    await db.enrollment.create({ data: { userId: user.id, courseId: context.courseId } })
    learners.push(user)
  }
  return { context, learners }
}

const validSubmission = (index: number) => ({
  repoUrl: `https://github.com/learner${index}/pipeline`,
  commitSha: String(index).repeat(40).slice(0, 40).replace(/[^0-9]/g, 'a'),
  description: `Learner ${index}'s pipeline loads taxi trips into a lake and a warehouse.`,
  dashboardUrl: '',
  learningInPublicUrls: `https://blog.example.com/${index}/a\nhttps://blog.example.com/${index}/b`,
  hoursSpent: '12',
  comments: '',
})

/** problem: level index; pipeline: ticked level indexes. */
function filled(problem: number, pipeline: number[], comment = 'Because of what the README shows.'): ReviewDraftValues {
  return {
    overallComment: 'Solid work overall.',
    learningInPublicUrls: '',
    answers: { problem: { levels: [problem], comment }, pipeline: { levels: pipeline, comment } },
  }
}

async function reviewAll(context: ProjectContext, reviewerId: string, values: (assignmentId: string) => ReviewDraftValues) {
  for (const item of await listMyReviews(context, reviewerId, DURING_REVIEWS)) {
    const opened = await openReview(context, reviewerId, item.assignmentId, DURING_REVIEWS)
    await submitReview(context, reviewerId, item.assignmentId, { baseVersion: opened.version, base: opened.draft, values: values(item.assignmentId) }, DURING_REVIEWS)
  }
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toSatisfy((error) => error instanceof AppError && error.code === code)
}

describe('peer review, end to end in the database', () => {
  // Dozens of transactions against a real database: on a loaded shared machine this takes well over the default 30 s.
  it('submits, assigns, reviews, scores; a flagged review is discarded and the scores recomputed; overrides are audited', { timeout: 180_000 }, async () => {
    const { context, learners } = await courseWithLearners('peer-flow', 6)
    const [a, b, c, d, e] = learners
    const volunteer = learners[5]!
    const submitters = [a!, b!, c!, d!, e!]

    // Submission: validated, editable while open, closed afterwards.
    await expect(saveProjectSubmission(context, a!.id, { ...validSubmission(0), commitSha: 'abc123' }, DURING_SUBMISSIONS)).rejects.toThrow(/40-character/)
    await expect(saveProjectSubmission(context, a!.id, { ...validSubmission(0), repoUrl: 'http://github.com/x/y' }, DURING_SUBMISSIONS)).rejects.toThrow(/https/)
    await expect(saveProjectSubmission(context, a!.id, { ...validSubmission(0), learningInPublicUrls: Array.from({ length: 15 }, (_, i) => `https://x.example/${i}`).join('\n') }, DURING_SUBMISSIONS)).rejects.toThrow(/at most 14/)
    await expectAppError(saveProjectSubmission(context, a!.id, validSubmission(0), new Date('2027-01-20T00:00:00Z')), 'forbidden')
    for (const [index, learner] of submitters.entries()) await saveProjectSubmission(context, learner.id, validSubmission(index), DURING_SUBMISSIONS)
    const edited = await saveProjectSubmission(context, a!.id, { ...validSubmission(0), description: 'An edited description of the pipeline.' }, DURING_SUBMISSIONS)
    expect(edited.description).toBe('An edited description of the pipeline.')
    await expectAppError(saveProjectSubmission(context, a!.id, validSubmission(0), AFTER_SUBMISSIONS), 'forbidden')

    // Assignment by the scheduled check: 5 projects × 3 reviewers, once.
    const [outcome] = await assignDueAttempts([context], AFTER_SUBMISSIONS)
    expect(outcome).toMatchObject({ kind: 'peer', submissions: 5, assignments: 15 })
    const again = await assignDueAttempts([await loadProjectContext(context.course)], AFTER_SUBMISSIONS)
    expect(again).toEqual([])
    for (const learner of submitters) expect(await listMyReviews(context, learner.id, DURING_REVIEWS)).toHaveLength(3)

    // Access: someone else's assignment is invisible; nothing opens before or after the review window.
    const [aFirst] = await listMyReviews(context, a!.id, DURING_REVIEWS)
    await expectAppError(openReview(context, b!.id, aFirst!.assignmentId, DURING_REVIEWS), 'not_found')
    await expectAppError(openReview(context, a!.id, aFirst!.assignmentId, AFTER_REVIEWS), 'forbidden')
    const opened = await openReview(context, a!.id, aFirst!.assignmentId, DURING_REVIEWS)
    expect(Object.keys(opened.project).sort()).toEqual(['commitSha', 'commitUrl', 'dashboardUrl', 'description', 'repoUrl'])

    // Incomplete submit: refused with per-field errors, but the draft is kept.
    await expectAppError(
      submitReview(context, a!.id, aFirst!.assignmentId, { baseVersion: opened.version, base: opened.draft, values: { ...opened.draft, overallComment: 'half done' } }, DURING_REVIEWS),
      'unprocessable',
    )
    const reopened = await openReview(context, a!.id, aFirst!.assignmentId, DURING_REVIEWS)
    expect(reopened.draft.overallComment).toBe('half done')

    // Two windows save the same draft from the same version: both texts survive.
    const tabA = { ...reopened.draft, overallComment: 'half done, from tab A' }
    const tabB = { ...reopened.draft, overallComment: 'half done, from tab B' }
    await saveReviewDraft(context, a!.id, aFirst!.assignmentId, { baseVersion: reopened.version, base: reopened.draft, values: tabA }, DURING_REVIEWS)
    const second = await saveReviewDraft(context, a!.id, aFirst!.assignmentId, { baseVersion: reopened.version, base: reopened.draft, values: tabB }, DURING_REVIEWS)
    expect(second.merged).toBe(true)
    expect(second.values.overallComment).toBe(`half done, from tab A${CONCURRENT_EDIT_SEPARATOR}half done, from tab B`)
    // Truly at the same time (the row lock serialises them): still both texts.
    const third = { ...second.values, overallComment: 'tab C' }
    const fourth = { ...second.values, overallComment: 'tab D' }
    await Promise.all([
      saveReviewDraft(context, a!.id, aFirst!.assignmentId, { baseVersion: second.version, base: second.values, values: third }, DURING_REVIEWS),
      saveReviewDraft(context, a!.id, aFirst!.assignmentId, { baseVersion: second.version, base: second.values, values: fourth }, DURING_REVIEWS),
    ])
    const both = (await openReview(context, a!.id, aFirst!.assignmentId, DURING_REVIEWS)).draft.overallComment
    expect([`tab C${CONCURRENT_EDIT_SEPARATOR}tab D`, `tab D${CONCURRENT_EDIT_SEPARATOR}tab C`]).toContain(both)

    // Everyone reviews generously (problem 4, pipeline 1+1+2 = 4: 8 points) except e, who gives 0 to all.
    for (const learner of [a!, b!, c!, d!]) await reviewAll(context, learner.id, () => filled(2, [1, 2, 3]))
    await reviewAll(context, e!.id, () => filled(0, [0], 'Nothing works.'))
    // A volunteer (no submission of their own) reviews one more project; it counts toward its score.
    const volunteered = await volunteerForReview(context, volunteer.id, edited.attemptId, DURING_REVIEWS)
    expect(volunteered.kind).toBe('volunteer')
    await reviewAll(context, volunteer.id, () => filled(2, [1, 2, 3]))

    // After the window: nobody edits; results computed.
    await expectAppError(saveReviewDraft(context, a!.id, aFirst!.assignmentId, { baseVersion: 99, base: tabA, values: tabA }, AFTER_REVIEWS), 'forbidden')
    expect(await computeDueResults(context, AFTER_REVIEWS)).toBe(5)

    // The project e reviewed with zeros: e's review is an outlier.
    const eAssignments = await db.reviewAssignment.findMany({ where: { reviewerId: e!.id }, include: { review: true, submission: true } })
    const victim = eAssignments.find((row) => row.submission.userId !== volunteered.reviewerId)!
    expect(eAssignments.every((row) => row.review?.isOutlier)).toBe(true)
    const victimId = victim.submission.userId
    const before = await getResultsForAuthor(context, victimId, victim.submissionId, AFTER_REVIEWS)
    expect(before.reviews.length).toBeGreaterThanOrEqual(3)
    // Anonymous: the result names no reviewer.
    const json = JSON.stringify(before)
    for (const learner of learners) {
      expect(json).not.toContain(learner.id)
      expect(json).not.toContain(learner.email)
    }
    // problem: median of (4, 4, 0) = 4; pipeline: median of (4, 4, 0) = 4; with a volunteer review too, still 8.
    expect(before.score).toMatchObject({ status: 'scored', projectPoints: 8, passed: true, reviewsDone: 3, reviewsRequired: 3 })
    // Course points (the leaderboard's): project 8 + 2 learning-in-public links + 3 reviews × 3 points = 19
    // for every submitter; the volunteer, who did not submit, earns nothing for a volunteer review.
    const coursePoints = async (userId: string) => db.enrollment.findFirstOrThrow({ where: { userId }, select: { projectPoints: true, points: true } })
    for (const learner of submitters) expect(await coursePoints(learner.id)).toEqual({ projectPoints: 19, points: 19 })
    expect(await coursePoints(volunteer.id)).toEqual({ projectPoints: 0, points: 0 })
    const board = await leaderboard(context.courseId, 1, e!.id)
    expect(board.rows.filter((row) => row.points === 19 && row.projectPoints === 19)).toHaveLength(5)
    expect(board.viewer).toMatchObject({ rank: 1, points: 19 })

    // The author flags e's review; an instructor discards it; scores are recomputed.
    const eReview = victim.review!
    await expect(giveReviewFeedback(context, victimId, eReview.id, { helpfulness: '1', flag: 'unfair', flagComment: '' }, AFTER_REVIEWS)).rejects.toThrow(/unfair or unhelpful/)
    await giveReviewFeedback(context, victimId, eReview.id, { helpfulness: '1', flag: 'unfair', flagComment: 'Everything runs; see the README.' }, AFTER_REVIEWS)
    await expectAppError(giveReviewFeedback(context, a!.id === victimId ? b!.id : a!.id, eReview.id, { helpfulness: '5', flag: '', flagComment: '' }, AFTER_REVIEWS), 'not_found')
    const queue = await moderationQueue(context)
    expect(queue.flagged.map((item) => item.reviewId)).toEqual([eReview.id])
    expect(queue.outliers.map((review) => review.id)).toContain(eReview.id)
    const instructor = await db.user.create({ data: { email: 'instructor-flow@example.test', role: 'instructor' } })
    await discardReview(context, instructor.id, eReview.id, 'Contradicts the README; the pipeline runs.')
    const after = await getResultsForAuthor(context, victimId, victim.submissionId, AFTER_REVIEWS)
    expect(after.reviews.find((review) => review.id === eReview.id)?.discarded).toBe(true)
    expect(after.score.projectPoints).toBe(8)
    expect((await moderationQueue(context)).flagged).toEqual([])
    // e lost one completed review: e no longer passes, and is told why.
    const eSubmission = await db.projectSubmission.findFirstOrThrow({ where: { userId: e!.id }, include: { score: true } })
    expect(eSubmission.score).toMatchObject({ passed: false, reviewsDone: 2, reviewsRequired: 3, reviewPoints: 6 })
    expect(eSubmission.score?.reason).toContain('2 of the 3 reviews')
    // …and loses one review's points on the leaderboard (8 + 2 + 2 × 3); the author keeps theirs (8 stands).
    expect(await coursePoints(e!.id)).toEqual({ projectPoints: 16, points: 16 })
    expect(await coursePoints(victimId)).toEqual({ projectPoints: 19, points: 19 })
    expect((await leaderboard(context.courseId, 1, e!.id)).viewer).toMatchObject({ rank: 5, points: 16 })

    // Override with a reason; every override is kept.
    await expect(overrideScore(context, instructor.id, eSubmission.id, { projectPoints: 7, passed: true, reason: '' })).rejects.toThrow()
    await overrideScore(context, instructor.id, eSubmission.id, { projectPoints: 7, passed: true, reason: 'Reviews 1 and 2 were thorough.' })
    const overridden = await overrideScore(context, instructor.id, eSubmission.id, { projectPoints: 6, passed: true, reason: 'Corrected: dashboard has one tile.' })
    expect(overridden).toMatchObject({ status: 'overridden', projectPoints: 6, passed: true })
    expect(await db.scoreOverride.count({ where: { submissionId: eSubmission.id } })).toBe(2)
    // The override's points are the ones that count: 6 + 2 + 2 × 3.
    expect(await coursePoints(e!.id)).toEqual({ projectPoints: 14, points: 14 })
    // Reviewers see their agreement only after results.
    const eList = await listMyReviews(context, e!.id, AFTER_REVIEWS)
    expect(eList.some((item) => item.discarded)).toBe(true)
    // …and, per criterion, their points beside the other reviewers' median (not the others' own levels).
    const kept = eList.find((item) => !item.discarded)!
    expect(kept.comparison).toEqual([
      { criterionId: 'problem', title: 'Problem description', yours: 0, others: 4, maxPoints: 4 },
      { criterionId: 'pipeline', title: 'Data ingestion pipeline', yours: 0, others: 4, maxPoints: 4 },
    ])
    expect((await listMyReviews(context, e!.id, DURING_REVIEWS)).every((item) => item.comparison === null)).toBe(true)
    expect((await listMyReviews(context, a!.id, DURING_REVIEWS)).every((item) => item.agreement === null)).toBe(true)
  })

  it('a cohort smaller than N+1 goes to an instructor: no reviewers, no made-up score', async () => {
    const { context, learners } = await courseWithLearners('peer-small', 3)
    for (const [index, learner] of learners.entries()) await saveProjectSubmission(context, learner.id, validSubmission(index), DURING_SUBMISSIONS)
    const [outcome] = await assignDueAttempts([context], AFTER_SUBMISSIONS)
    expect(outcome).toMatchObject({ kind: 'instructor', submissions: 3, assignments: 0 })
    await computeDueResults(context, AFTER_REVIEWS)
    const scores = await db.projectScore.findMany({ where: { submission: { attempt: { courseId: context.courseId } } } })
    expect(scores).toHaveLength(3)
    expect(scores.every((score) => score.status === 'needs_instructor' && score.projectPoints === null && score.passed === null)).toBe(true)
    expect((await moderationQueue(context)).needsInstructor).toHaveLength(3)
  })

  it('replaces a reviewer who has not started after the set time, keeping N reviewers and never the author', async () => {
    const { context, learners } = await courseWithLearners('peer-replace', 6)
    for (const [index, learner] of learners.entries()) await saveProjectSubmission(context, learner.id, validSubmission(index), DURING_SUBMISSIONS)
    await assignDueAttempts([context], AFTER_SUBMISSIONS)
    const idle = learners[0]!
    for (const learner of learners.slice(1)) for (const item of await listMyReviews(context, learner.id, DURING_REVIEWS)) await openReview(context, learner.id, item.assignmentId, DURING_REVIEWS)
    expect(await replaceUnstartedReviewers(context, new Date('2027-02-16T13:00:00Z'))).toBe(0)
    const replaced = await replaceUnstartedReviewers(context, new Date(AFTER_SUBMISSIONS.getTime() + 73 * 3_600_000))
    expect(replaced).toBe(3)
    const active = await db.reviewAssignment.findMany({ where: { replacedAt: null, submission: { attempt: { courseId: context.courseId } } }, include: { submission: true } })
    expect(active.every((row) => row.reviewerId !== idle.id && row.reviewerId !== row.submission.userId)).toBe(true)
    for (const learner of learners) expect(active.filter((row) => row.submission.userId === learner.id)).toHaveLength(3)
    // Being replaced does not excuse the reviews: the idle learner still owes 3 and fails for it.
    await computeDueResults(context, AFTER_REVIEWS)
    const idleScore = await db.projectScore.findFirstOrThrow({ where: { submission: { userId: idle.id } } })
    expect(idleScore).toMatchObject({ reviewsDone: 0, reviewsRequired: 3 })
  })
})
