// E2E fixture: puts the course's final project (attempt 1) into a known stage in the e2e server's
// database, so that each peer-review test sets up its own state instead of inheriting the phase a
// previous test left behind (the windows only ever move earlier, so a failed run could not be retried).
//   tsx tests/e2e/support/project-stage.ts <stage> <course-slug> [names]   → prints JSON: the learners it made
//
// Every stage first clears the project: all submissions of the course (their reviews, flags, scores and
// overrides go with them) and attempt 1's and 2's moved windows and assignment. Then:
//   upcoming   nothing more: attempt 1 is "Not open yet" (the course files' dates are in the future).
//   reviewing  five learners (Ada, Grace, Edsger, Barbara, Harsh) submitted; submissions closed; reviewers
//              assigned (3 each). Nobody has reviewed yet, except the learners named after the course
//              (comma-separated), whose reviews are submitted as below — so a browser test can do the rest.
//   results    as reviewing, and everyone reviewed: four learners give every criterion its top level, Harsh
//              gives every criterion 0 with the overall comment "UNFAIR REVIEW: …"; reviews closed and
//              results computed.
// The same server functions the pages call do the work (saveProjectSubmission, moveAttemptPhase,
// submitReview), so the stages are states the application itself produces.
import { randomBytes } from 'node:crypto'
import { withDatabases } from '../../../cli/lib/databases.ts'
import { createAccount } from '../../../server/auth/accounts.ts'
import { courseReader } from '../../../server/courses/configured-course-reader.ts'
import { db, disconnectDb } from '../../../server/db/client.ts'
import { loadProjectContext } from '../../../server/projects/context.ts'
import { recomputeProjectCoursePoints } from '../../../server/projects/course-points.ts'
import { moveAttemptPhase } from '../../../server/projects/moderation.ts'
import { listMyReviews, openReview, submitReview } from '../../../server/projects/reviews.ts'
import { saveProjectSubmission } from '../../../server/projects/submission.ts'

const E2E_LEARNER_PASSWORD = 'a long learner password'
const NAMES = ['Ada', 'Grace', 'Edsger', 'Barbara', 'Harsh']

const [stage, courseSlug, reviewedBy = ''] = process.argv.slice(2)
if (!['upcoming', 'reviewing', 'results'].includes(stage ?? '') || !courseSlug) {
  throw new Error('Usage: project-stage.ts upcoming|reviewing|results <course-slug>')
}

async function context() {
  const course = await courseReader().read(courseSlug!)
  if (!course) throw new Error(`No course ${courseSlug}`)
  return loadProjectContext(course)
}

async function clearProject() {
  const project = await context()
  const authors = await db.projectSubmission.findMany({ where: { attempt: { courseId: project.courseId } }, select: { userId: true } })
  await db.projectSubmission.deleteMany({ where: { attempt: { courseId: project.courseId } } })
  await db.projectAttempt.updateMany({
    where: { courseId: project.courseId },
    data: { opensAtOverride: null, submissionDeadlineOverride: null, reviewDeadlineOverride: null, assignedAt: null, assignmentSeed: null },
  })
  // Their project points went with their scores.
  for (const { userId } of authors) await db.$transaction((tx) => recomputeProjectCoursePoints(tx, project, userId))
}

async function submittedAndAssigned() {
  const tag = randomBytes(3).toString('hex')
  let project = await context()
  const attemptId = project.attempts.find((attempt) => attempt.number === 1)!.id
  await moveAttemptPhase(project, attemptId, 'open-submissions')
  project = await context()
  const learners = []
  for (const [index, name] of NAMES.entries()) {
    const email = `${name.toLowerCase()}-${tag}@example.com`
    const user = await createAccount({ name, email, password: E2E_LEARNER_PASSWORD })
    await db.enrollment.create({ data: { userId: user.id, courseId: project.courseId } })
    await saveProjectSubmission(project, user.id, {
      repoUrl: `https://github.com/${name.toLowerCase()}-${tag}/pipeline`,
      commitSha: String(index + 1).repeat(40),
      description: `${name}'s pipeline: taxi trips from the API into a lake, a warehouse and a dashboard.`,
      dashboardUrl: `https://lookerstudio.google.com/${name.toLowerCase()}`,
      learningInPublicUrls: `https://www.linkedin.com/posts/${name.toLowerCase()}-${tag}-1`,
      hoursSpent: '20',
      comments: '',
    })
    learners.push({ name, email, id: user.id })
  }
  await moveAttemptPhase(project, attemptId, 'close-submissions')
  return { attemptId, learners }
}

async function reviewsBy(learners: { name: string; id: string }[], reviewers: readonly string[]) {
  const project = await context()
  const reviewedByHarsh: string[] = []
  for (const learner of learners.filter((candidate) => reviewers.includes(candidate.name))) {
    const harsh = learner.name === 'Harsh'
    for (const item of await listMyReviews(project, learner.id)) {
      const opened = await openReview(project, learner.id, item.assignmentId)
      const answers = Object.fromEntries(
        project.project.rubric.map((criterion) => [criterion.id, { levels: [harsh ? 0 : criterion.levels.length - 1], comment: harsh ? 'Nothing here works.' : `Looks right for ${criterion.title}.` }]),
      )
      const overallComment = harsh ? 'UNFAIR REVIEW: I did not even run it.' : 'A clear, working pipeline. Nice dashboard.'
      await submitReview(project, learner.id, item.assignmentId, { baseVersion: opened.version, base: opened.draft, values: { overallComment, learningInPublicUrls: '', answers } })
      if (harsh) {
        const assignment = await db.reviewAssignment.findUniqueOrThrow({ where: { id: item.assignmentId }, select: { submission: { select: { userId: true } } } })
        reviewedByHarsh.push(learners.find((candidate) => candidate.id === assignment.submission.userId)!.name)
      }
    }
  }
  return reviewedByHarsh
}

await withDatabases(['app'], async () => {
  await clearProject()
  let output: object = { stage }
  if (stage !== 'upcoming') {
    const { attemptId, learners } = await submittedAndAssigned()
    output = { stage, learners: learners.map(({ name, email }) => ({ name, email })) }
    if (stage === 'reviewing' && reviewedBy) await reviewsBy(learners, reviewedBy.split(','))
    if (stage === 'results') {
      const reviewedByHarsh = await reviewsBy(learners, NAMES)
      await moveAttemptPhase(await context(), attemptId, 'close-reviews')
      output = { ...output, reviewedByHarsh }
    }
  }
  console.log(JSON.stringify(output))
  await disconnectDb()
})
process.exit(0)
