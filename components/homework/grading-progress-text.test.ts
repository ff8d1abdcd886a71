import { describe, expect, it } from 'vitest'
import { gradingProgressText } from './grading-progress-text.ts'

describe('gradingProgressText', () => {
  it('says what grading is doing, check by check', () => {
    expect(gradingProgressText({ stage: 'starting' })).toBe('Grading: starting the sandbox…')
    expect(gradingProgressText({ stage: 'running', first: 2, last: 2, of: 5 })).toBe('Grading: running check 2 of 5…')
    expect(gradingProgressText({ stage: 'running', first: 1, last: 3, of: 5 })).toBe('Grading: running checks 1–3 of 5…')
    expect(gradingProgressText({ stage: 'checking' })).toBe('Grading: checking the results…')
  })
})
