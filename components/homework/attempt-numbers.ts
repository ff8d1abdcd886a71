// The label of a submission on the question card: its attempt number as the server counts it
// (`attemptNumber`, server/submissions/attempt-use.ts: only submissions that used an attempt are
// numbered), so the card, the learner's API and the instructors' CSV say the same "Attempt 2".
import type { SubmissionView } from '@/server/submissions/read-submission'

/** "Attempt 2" or, for a submission that used none, "Not counted". */
export function attemptLabel(view: SubmissionView): string {
  return view.attemptNumber === null ? 'Not counted' : `Attempt ${view.attemptNumber}`
}
