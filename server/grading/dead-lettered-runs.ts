import 'server-only'
// For instructors (the admin grading page): the runs that gave up after their last retry.
import { db } from '../db/client.ts'

/** For instructors: runs that gave up after their last retry, newest first, with the reason. */
export async function listDeadLetteredRuns({ limit = 100 }: { limit?: number } = {}) {
  return db.gradingRun.findMany({
    where: { deadLetteredAt: { not: null } },
    orderBy: { deadLetteredAt: 'desc' },
    take: limit,
    select: {
      id: true,
      engine: true,
      attempts: true,
      error: true,
      queuedAt: true,
      deadLetteredAt: true,
      workerId: true,
      submission: {
        select: {
          id: true,
          attempt: true,
          submittedAt: true,
          user: { select: { id: true, email: true, name: true } },
          question: { select: { slug: true, homework: { select: { slug: true, course: { select: { slug: true } } } } } },
        },
      },
    },
  })
}
