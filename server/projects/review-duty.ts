// The reviews a learner owed in one attempt and how many they completed: what their pass, their review
// points and their reviews' learning-in-public points are computed from.
import type { db } from '../db/client.ts'
import type { ProjectContext } from './context.ts'

export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** Reviews the learner had to do in this attempt, and how many they did (discarded ones do not count). */
export async function reviewDuty(tx: Tx, context: ProjectContext, attemptId: string, reviewerId: string) {
  // Replaced assignments stay in the count: being replaced for not starting must not excuse the review.
  const assigned = await tx.reviewAssignment.findMany({
    where: { reviewerId, kind: 'assigned', submission: { attemptId } },
    select: { replacedAt: true, review: { select: { submittedAt: true, discardedAt: true, learningInPublicUrls: true } } },
  })
  const done = assigned.filter((row) => !row.replacedAt && row.review?.submittedAt && !row.review.discardedAt)
  return {
    required: Math.min(context.project.reviews_per_learner, assigned.length),
    done: done.length,
    reviewPoints: done.length * context.project.points_per_review,
    learningInPublic: done.reduce((sum, row) => sum + Math.min(context.project.learning_in_public_cap.review, row.review!.learningInPublicUrls.length), 0),
  }
}
