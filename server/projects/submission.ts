// A learner's project submission: validated, saved while the submission window is open, and shown to
// reviewers exactly as `reviewerView` returns it (the form's preview uses the same function).
import { z } from 'zod'
import { db } from '../db/client.ts'
import { ForbiddenError } from '../errors.ts'
import { projectAccess } from './access.ts'
import { currentAttempt, requireEnrollment, type ProjectContext } from './context.ts'
import { effectiveWindows } from './phases.ts'

const httpsUrl = (message: string) =>
  z
    .string()
    .trim()
    .max(500, 'Use a link of at most 500 characters.')
    .refine((value) => {
      try {
        const url = new URL(value)
        return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password
      } catch {
        return false
      }
    }, message)

export function projectSubmissionInput(learningInPublicCap: number) {
  return z.object({
    repoUrl: httpsUrl('Enter the https:// address of your repository.'),
    commitSha: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{40}$/, 'Enter the full 40-character commit hash (git rev-parse HEAD).'),
    description: z.string().trim().min(20, 'Describe the project in at least 20 characters.').max(2000, 'At most 2000 characters.'),
    dashboardUrl: z
      .string()
      .trim()
      .transform((value) => value || null)
      .pipe(httpsUrl('Enter the https:// address of your dashboard, or leave it empty.').nullable()),
    /** One link per line; duplicates count once; points up to the course's cap. */
    learningInPublicUrls: z
      .string()
      .transform((text) => [...new Set(text.split(/\s+/).filter(Boolean))])
      .pipe(
        z
          .array(httpsUrl('Each learning-in-public link must start with https://'))
          .max(learningInPublicCap, learningInPublicCap === 0 ? 'This course gives no points for learning in public.' : `List at most ${learningInPublicCap} links: that is what earns points.`),
      ),
    hoursSpent: z
      .union([z.literal(''), z.coerce.number({ error: 'Enter a number of hours.' }).min(0, 'Hours cannot be negative.').max(1000, 'At most 1000 hours.')])
      .transform((value) => (value === '' ? null : Math.round(value * 10) / 10)),
    comments: z
      .string()
      .trim()
      .max(2000, 'At most 2000 characters.')
      .transform((value) => value || null),
  })
}

export type ProjectSubmissionInput = z.input<ReturnType<typeof projectSubmissionInput>>
export type ProjectSubmissionFields = z.output<ReturnType<typeof projectSubmissionInput>>

/** Which attempt a learner may submit to now, or why not. */
export async function submittableAttempt(context: ProjectContext, userId: string, now: Date) {
  const passed = await db.projectScore.findMany({
    where: { passed: true, submission: { userId, attempt: { courseId: context.courseId } } },
    select: { submission: { select: { attemptId: true } } },
  })
  const passedIds = new Set(passed.map((score) => score.submission.attemptId))
  return { ...currentAttempt(context.attempts, now, passedIds), passedBefore: passedIds.size > 0 }
}

export async function saveProjectSubmission(context: ProjectContext, userId: string, input: ProjectSubmissionInput, now = new Date()) {
  const fields = projectSubmissionInput(context.project.learning_in_public_cap.project).parse(input)
  await requireEnrollment(userId, context.courseId)
  const { attempt, phase, passedBefore } = await submittableAttempt(context, userId, now)
  if (passedBefore) throw new ForbiddenError('You passed the project already; there is nothing more to submit.')
  if (!projectAccess('author', phase).editSubmission) {
    const { opensAt, submissionDeadline } = effectiveWindows(attempt)
    throw new ForbiddenError(
      phase === 'upcoming'
        ? `Submissions open on ${opensAt.toUTCString()}.`
        : `Submissions for attempt ${attempt.number} closed on ${submissionDeadline.toUTCString()}; it can no longer be changed.`,
    )
  }
  return db.projectSubmission.upsert({
    where: { attemptId_userId: { attemptId: attempt.id, userId } },
    create: { attemptId: attempt.id, userId, ...fields },
    update: fields,
  })
}

export async function getOwnSubmissions(context: ProjectContext, userId: string) {
  return db.projectSubmission.findMany({
    where: { userId, attempt: { courseId: context.courseId } },
    include: { attempt: { select: { number: true } }, score: true },
    orderBy: { attempt: { number: 'asc' } },
  })
}

/** Exactly what a reviewer sees of a submission: no name, no e-mail, no hours, no comments to staff. */
export function reviewerView(submission: Pick<ProjectSubmissionFields, 'repoUrl' | 'commitSha' | 'description' | 'dashboardUrl'>) {
  return {
    repoUrl: submission.repoUrl,
    commitSha: submission.commitSha,
    commitUrl: submission.repoUrl.startsWith('https://github.com/') ? `${submission.repoUrl.replace(/\.git$|\/$/, '')}/tree/${submission.commitSha}` : null,
    description: submission.description,
    dashboardUrl: submission.dashboardUrl,
  }
}

export type ReviewerView = ReturnType<typeof reviewerView>
