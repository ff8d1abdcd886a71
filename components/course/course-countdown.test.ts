import { describe, expect, it } from 'vitest'
import { timeUntil } from './course-countdown'

describe('timeUntil', () => {
  const start = new Date('2027-01-10T23:00:00Z') // 11 January, midnight in Berlin
  it('counts days, then hours, then minutes, and nothing once the course has begun', () => {
    expect(timeUntil(start, new Date('2026-12-01T20:00:00Z'))).toBe('in 40 days')
    expect(timeUntil(start, new Date('2027-01-10T10:00:00Z'))).toBe('in 13 hours')
    expect(timeUntil(start, new Date('2027-01-10T22:59:30Z'))).toBe('in 1 minute')
    expect(timeUntil(start, start)).toBeNull()
  })
})
