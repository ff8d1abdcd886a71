// Where certification reads a learner's final-project results: the scores and reviews of the final project
// (server/projects/), read straight from their tables. A project that is not scored yet (reviews open, or
// waiting for an instructor) is `passed: null`: nobody is certified on a made-up project result.
import { db } from '../db/client.ts'
export interface ProjectOutcome {
  submitted: boolean
  /** null while the project is not scored yet (reviews still open, or waiting for an instructor). */
  passed: boolean | null
  /** Peer reviews this learner completed (volunteer reviews do not count). */
  reviewsDone: number
}

export interface ProjectOutcomeSource {
  /** Outcomes by user id for the given learners of one course (a learner without a project: submitted false). */
  outcomes(courseId: string, userIds: string[]): Promise<Map<string, ProjectOutcome>>
}

/**
 * Per learner, over every attempt of the course: submitted at all; passed when any attempt's score passed,
 * false when every scored attempt failed and none is still open, else null; and the assigned reviews they
 * completed (volunteer, replaced and discarded reviews do not count — the rule of server/projects/results.ts).
 */
export const projectOutcomeSource: ProjectOutcomeSource = {
  async outcomes(courseId, userIds) {
    const [submissions, reviews] = await Promise.all([
      db.projectSubmission.findMany({
        where: { userId: { in: userIds }, attempt: { courseId } },
        select: { userId: true, score: { select: { passed: true } } },
      }),
      db.reviewAssignment.groupBy({
        by: ['reviewerId'],
        where: {
          reviewerId: { in: userIds },
          kind: 'assigned',
          replacedAt: null,
          submission: { attempt: { courseId } },
          review: { submittedAt: { not: null }, discardedAt: null },
        },
        _count: { _all: true },
      }),
    ])
    const outcomes = new Map<string, ProjectOutcome>(userIds.map((id) => [id, { submitted: false, passed: null, reviewsDone: 0 }]))
    const verdicts = new Map<string, (boolean | null)[]>()
    for (const submission of submissions) {
      outcomes.get(submission.userId)!.submitted = true
      verdicts.set(submission.userId, [...(verdicts.get(submission.userId) ?? []), submission.score?.passed ?? null])
    }
    for (const [userId, list] of verdicts) {
      outcomes.get(userId)!.passed = list.includes(true) ? true : list.every((verdict) => verdict === false) ? false : null
    }
    for (const row of reviews) outcomes.get(row.reviewerId)!.reviewsDone = row._count._all
    return outcomes
  },
}
