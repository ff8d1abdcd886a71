import { describe, expect, it } from 'vitest'
import type { SubmissionView } from '@/server/submissions/read-submission'
import { attemptLabel } from './attempt-numbers'

const submission = (submissionNumber: number, attemptNumber: number | null) => ({ id: `s${submissionNumber}`, submissionNumber, attemptNumber }) as unknown as SubmissionView

describe('the attempt label', () => {
  it('is the attempt number the server counted, never the submission number', () => {
    expect(attemptLabel(submission(1, 1))).toBe('Attempt 1')
    expect(attemptLabel(submission(2, null))).toBe('Not counted')
    expect(attemptLabel(submission(3, 2))).toBe('Attempt 2')
  })
})
