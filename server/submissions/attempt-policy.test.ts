import { describe, expect, it } from 'vitest'
import { AttemptsUsedUpError } from './attempt-policy.ts'

describe('the refusal once the attempts are used up', () => {
  it('reads right for one attempt and for several', () => {
    expect(new AttemptsUsedUpError(1).message).toBe('You have used your only attempt on this question; this homework allows no more.')
    expect(new AttemptsUsedUpError(3).message).toBe('You have used all 3 attempts on this question; this homework allows no more.')
  })
})
