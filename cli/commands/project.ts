// `npm run syllabus -- project assign --course <slug> [--attempt <n>] [--seed <text>]`: assigns peer
// reviewers for an attempt whose submission window has closed (what the worker's scheduled check and the
// instructor's button also do; an attempt is assigned once). `project status --course <slug>`: the phases.
import { parseArgs } from 'node:util'
import { courseReader } from '../../server/courses/configured-course-reader.ts'
import { disconnectDb } from '../../server/db/client.ts'
import { AppError } from '../../server/errors.ts'
import { assignAttemptReviewers } from '../../server/projects/assign-reviewers.ts'
import { loadProjectContext } from '../../server/projects/context.ts'
import { attemptPhase, effectiveWindows, PHASE_LABEL } from '../../server/projects/phases.ts'
import { dim, green, red } from '../lib/progress.ts'

const usage = 'Usage: npm run syllabus -- project assign --course <slug> [--attempt <n>] [--seed <text>]\n       npm run syllabus -- project status --course <slug>'

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { course: { type: 'string' }, attempt: { type: 'string' }, seed: { type: 'string' } },
  })
  const [subcommand] = positionals
  if ((subcommand !== 'assign' && subcommand !== 'status') || !values.course || !/^[a-z0-9-]+$/.test(values.course)) {
    console.error(usage)
    return 2
  }
  try {
    const course = await courseReader().read(values.course)
    if (!course) {
      console.error(red(`✖ There is no course "${values.course}".`))
      return 2
    }
    const context = await loadProjectContext(course)
    const now = new Date()
    if (subcommand === 'status') {
      for (const attempt of context.attempts) {
        const windows = effectiveWindows(attempt)
        console.log(`Attempt ${attempt.number}: ${PHASE_LABEL[attemptPhase(attempt, now)]} ${dim(`(opens ${windows.opensAt.toISOString()}, submissions until ${windows.submissionDeadline.toISOString()}, reviews until ${windows.reviewDeadline.toISOString()}${attempt.assignedAt ? `, assigned ${attempt.assignedAt.toISOString()} with seed ${attempt.assignmentSeed}` : ''})`)}`)
      }
      return 0
    }
    const number = Number(values.attempt ?? 1)
    const attempt = context.attempts.find((candidate) => candidate.number === number)
    if (!attempt) {
      console.error(red(`✖ This course has no attempt ${values.attempt}.`))
      return 2
    }
    const outcome = await assignAttemptReviewers(context, attempt.id, { seed: values.seed, now })
    if (outcome.kind === 'already-assigned') console.log(dim(`Attempt ${number} was assigned already (seed ${attempt.assignmentSeed}); nothing changed.`))
    else if (outcome.kind === 'instructor') console.log(green(`Attempt ${number}: ${outcome.submissions} submissions, too few for peer review; they go to instructor review.`))
    else console.log(green(`Attempt ${number}: ${outcome.assignments} reviews assigned over ${outcome.submissions} submissions.`))
    return 0
  } catch (error) {
    if (error instanceof AppError) {
      console.error(red(`✖ ${error.message}`))
      return 1
    }
    throw error
  } finally {
    await disconnectDb()
  }
}
