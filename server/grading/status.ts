// The status vocabulary of grading, defined once: a GradingRun's status, the status of its
// Submission (which follows its latest run), and the live events the learner's page receives (the
// event name is the submission's status). The database enums (prisma/schema.prisma), the run
// lifecycle's writes, the SSE stream and the client's hook all read it from here; status.test.ts
// checks it against the Prisma enums. Client components import it, so it imports nothing.
import { z } from 'zod'

export const gradingRunStatuses = ['queued', 'running', 'succeeded', 'failed'] as const
export const gradingRunStatus = z.enum(gradingRunStatuses)
export type GradingRunStatus = z.infer<typeof gradingRunStatus>

export const submissionStatuses = ['queued', 'running', 'graded', 'failed'] as const
export const submissionStatus = z.enum(submissionStatuses)
export type SubmissionStatus = z.infer<typeof submissionStatus>

/** The submission's status while this run is its latest (a failed regrade is the one exception, see run-lifecycle.ts). */
export const submissionStatusOfRun = {
  queued: 'queued',
  running: 'running',
  succeeded: 'graded',
  failed: 'failed',
} as const satisfies Record<GradingRunStatus, SubmissionStatus>

/** Runs in these states may still start, fail or receive a result; the others are final. */
export const openRunStatuses = ['queued', 'running'] as const satisfies readonly GradingRunStatus[]

/** The Server-Sent Events of a submission are named after its status. */
export const liveEvents = submissionStatuses
export type LiveEvent = SubmissionStatus

export const finalSubmissionStatuses = ['graded', 'failed'] as const satisfies readonly SubmissionStatus[]

/** Graded or failed: nothing more will happen to the submission (until a regrade). */
export function isFinalSubmissionStatus(status: SubmissionStatus): boolean {
  return (finalSubmissionStatuses as readonly SubmissionStatus[]).includes(status)
}
