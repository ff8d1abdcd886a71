// The course's quiz policy (homework.yaml: max_attempts, feedback), applied in one place: how many
// graded attempts a question allows, and whether its verdicts are withheld until submissions close.
// A choice question allows one attempt by default: with more, a learner could try option after
// option (and with immediate feedback, eliminate them one by one).
import { submissionsCloseAt } from '../../course/homework-window.ts'
import type { LoadedHomework } from '../../course/loaded-course.ts'
import type { QuestionKind } from '../../course/schema.ts'
import { AppError } from '../errors.ts'

const CHOICE_KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice']

type PolicyHomework = Pick<LoadedHomework, 'deadline' | 'latePolicy'> & {
  config: Pick<LoadedHomework['config'], 'max_attempts' | 'feedback'>
}

/** Graded attempts allowed on a question of this homework; null when unlimited. */
export function maxAttemptsFor(homework: PolicyHomework, kind: QuestionKind): number | null {
  if (homework.config.max_attempts !== undefined) return homework.config.max_attempts
  return CHOICE_KINDS.includes(kind) ? 1 : null
}

/** True while the homework's verdicts are withheld (feedback: after_deadline, submissions still open). */
export function feedbackWithheld(homework: PolicyHomework, now = new Date()): boolean {
  return homework.config.feedback === 'after_deadline' && now.getTime() <= submissionsCloseAt(homework).getTime()
}

/** The policy in one sentence for the homework page. */
export function describeAttemptPolicy(homework: PolicyHomework, kinds: readonly QuestionKind[]): string {
  const explicit = homework.config.max_attempts
  const attempts =
    explicit !== undefined
      ? `You have ${explicit} ${explicit === 1 ? 'attempt' : 'attempts'} per question.`
      : kinds.some((kind) => CHOICE_KINDS.includes(kind))
        ? 'Choice questions take one attempt; other questions can be submitted again.'
        : 'You can submit each answer again.'
  const feedback =
    homework.config.feedback === 'after_deadline'
      ? 'Whether an answer is right is shown after submissions close.'
      : 'Each answer is graded as soon as you submit it.'
  return `${attempts} ${feedback}`
}

export class AttemptsUsedUpError extends AppError {
  constructor(readonly maxAttempts: number) {
    super(
      'forbidden',
      `You have used ${maxAttempts === 1 ? 'your only attempt' : `all ${maxAttempts} attempts`} on this question; this homework allows no more.`,
    )
  }
}
