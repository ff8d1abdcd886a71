import { describe, expect, it } from 'vitest'
import type { SubmissionView } from '@/server/submissions/read-submission'
import { attemptLabel } from './attempt-numbers'

function submission(attempt: number, verdict: string | null, status: SubmissionView['status'] = 'graded'): SubmissionView {
  return { id: `s${attempt}`, attempt, status, run: verdict === null ? null : { verdict } } as unknown as SubmissionView
}

describe('attempt numbers as the learner counts them', () => {
  it('a submission that used no attempt takes no number, and the next one follows the last counted', () => {
    const first = submission(1, 'incorrect')
    const notGraded = submission(2, 'invalid')
    const third = submission(3, 'correct')
    const all = [third, notGraded, first]
    expect(attemptLabel(first, all)).toBe('Attempt 1')
    expect(attemptLabel(notGraded, all)).toBe('Not counted')
    expect(attemptLabel(third, all)).toBe('Attempt 2')
    // A failed run and a grader problem cost nothing either; a submission still being graded counts.
    expect(attemptLabel(submission(4, null, 'queued'), [submission(3, 'error'), submission(2, null, 'failed'), first])).toBe('Attempt 2')
  })
})
