// Final-project points in the learner's course total (Enrollment.projectPoints, and so the leaderboard),
// kept up to date whenever a project score is (re)computed: at results, after a discarded review, after
// an instructor's override.
//
// Rules (docs/peer-review.md, docs/decisions/014-peer-review.md):
// - Nothing counts before an attempt's results are out (its score row exists).
// - The submission side — the project score plus its learning-in-public points — counts for the learner's
//   best attempt only: a retake replaces a weaker first attempt, it does not add to it.
// - The review side — points per completed assigned review plus the reviews' learning-in-public points —
//   adds up over attempts: every review done is work done. Volunteer reviews earn nothing here.
// - A project waiting for an instructor has no score yet: its project points count as 0 until graded.
import { lockLearnerScores } from '../scores/recompute-scores.ts'
import type { ProjectContext } from './context.ts'
import { reviewDuty, type Tx } from './review-duty.ts'

export interface AttemptPoints {
  /** The project's score (null: waiting for an instructor). */
  projectPoints: number | null
  /** Learning-in-public points of the submission, capped. */
  projectLearningInPublic: number
  /** Points for the completed assigned reviews. */
  reviewPoints: number
  /** Learning-in-public points of those reviews, capped per review. */
  reviewLearningInPublic: number
}

export function projectCoursePoints(attempts: readonly AttemptPoints[]): number {
  if (attempts.length === 0) return 0
  const bestSubmission = Math.max(...attempts.map((attempt) => (attempt.projectPoints ?? 0) + attempt.projectLearningInPublic))
  const reviews = attempts.reduce((sum, attempt) => sum + attempt.reviewPoints + attempt.reviewLearningInPublic, 0)
  return bestSubmission + reviews
}

/**
 * Recomputes the learner's final-project points and their course total, under the learner's score lock
 * (server/scores/recompute-scores.ts), so that a grading result committing at the same time cannot
 * overwrite the total with a stale sum.
 */
export async function recomputeProjectCoursePoints(tx: Tx, context: ProjectContext, userId: string) {
  await lockLearnerScores(tx, userId)
  const scored = await tx.projectSubmission.findMany({
    where: { userId, attempt: { courseId: context.courseId }, score: { isNot: null } },
    select: { attemptId: true, learningInPublicUrls: true, score: { select: { projectPoints: true } } },
  })
  const attempts: AttemptPoints[] = []
  for (const submission of scored) {
    const duty = await reviewDuty(tx, context, submission.attemptId, userId)
    attempts.push({
      projectPoints: submission.score!.projectPoints,
      projectLearningInPublic: Math.min(context.project.learning_in_public_cap.project, submission.learningInPublicUrls.length),
      reviewPoints: duty.reviewPoints,
      reviewLearningInPublic: duty.learningInPublic,
    })
  }
  const projectPoints = projectCoursePoints(attempts)
  await tx.$executeRaw`
    UPDATE "Enrollment"
       SET "projectPoints" = ${projectPoints}, points = "homeworkPoints" + "learningInPublicPoints" + ${projectPoints}
     WHERE "userId" = ${userId} AND "courseId" = ${context.courseId}`
  return projectPoints
}
