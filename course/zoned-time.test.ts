import { describe, expect, it } from 'vitest'
import { parseCourseDateTime } from './zoned-time.ts'

describe('parseCourseDateTime', () => {
  it('reads a time without offset as wall-clock time in the course zone, winter and summer', () => {
    expect(parseCourseDateTime('2027-01-27T23:00:00', 'Europe/Berlin').toISOString()).toBe('2027-01-27T22:00:00.000Z')
    expect(parseCourseDateTime('2027-07-01T12:00', 'Europe/Berlin').toISOString()).toBe('2027-07-01T10:00:00.000Z')
    expect(parseCourseDateTime('2027-01-13', 'America/New_York').toISOString()).toBe('2027-01-13T05:00:00.000Z')
  })

  it('honours an explicit offset whatever the zone', () => {
    expect(parseCourseDateTime('2027-01-27T23:00:00Z', 'Europe/Berlin').toISOString()).toBe('2027-01-27T23:00:00.000Z')
    expect(parseCourseDateTime('2027-01-27T23:00:00-05:30', 'Europe/Berlin').toISOString()).toBe(
      '2027-01-28T04:30:00.000Z',
    )
  })

  it('handles the hours around a daylight-saving change', () => {
    // 2027-03-28 02:30 does not exist in Berlin (clocks jump 02:00 → 03:00).
    expect(parseCourseDateTime('2027-03-28T03:30:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z')
    expect(parseCourseDateTime('2027-03-28T01:30:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T00:30:00.000Z')
    expect(parseCourseDateTime('2027-03-28T02:30:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z')
    // 2027-10-31 02:30 happens twice; the first is still summer time.
    expect(parseCourseDateTime('2027-10-31T02:30:00', 'Europe/Berlin').toISOString()).toBe('2027-10-31T00:30:00.000Z')
  })
})
