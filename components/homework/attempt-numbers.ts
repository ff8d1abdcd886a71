// Attempt numbers as the learner counts them: a submission that could not be graded ("no attempt
// used") takes no number, so "Attempt 2 … (no attempt used)" is never followed by "Attempt 3".
// The stored `attempt` stays the submission's sequence number (unique per learner and question).
import type { SubmissionView } from '@/server/submissions/read-submission'

/** False once grading showed the submission used no attempt; a submission still being graded counts. */
export function usesAnAttempt(view: SubmissionView): boolean {
  if (view.status === 'failed') return false
  return view.run?.verdict !== 'invalid' && view.run?.verdict !== 'error'
}

/** The learner's attempt number of `view` (null: it used none), counting the other known submissions. */
export function countedAttemptNumber(view: SubmissionView, others: readonly SubmissionView[]): number | null {
  if (!usesAnAttempt(view)) return null
  return others.filter((other) => other.id !== view.id && other.attempt < view.attempt && usesAnAttempt(other)).length + 1
}

/** "Attempt 2" or, for a submission that used none, "Not counted". */
export function attemptLabel(view: SubmissionView, others: readonly SubmissionView[]): string {
  const number = countedAttemptNumber(view, others)
  return number === null ? 'Not counted' : `Attempt ${number}`
}
