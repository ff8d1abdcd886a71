import { describe, expect, it } from 'vitest'
import { extendedWindow, submissionsCloseAt } from './homework-window.ts'

const deadline = new Date('2027-01-27T22:00:00Z')
const withLateWindow = { deadline, latePolicy: { until: new Date('2027-01-29T22:00:00Z'), penalty: 0.5 } }

describe('extendedWindow', () => {
  it('moves the deadline and keeps the late window’s length after it', () => {
    const extended = extendedWindow(withLateWindow, new Date('2027-01-30T22:00:00Z'))
    expect(extended.deadline.toISOString()).toBe('2027-01-30T22:00:00.000Z')
    expect(extended.latePolicy).toEqual({ until: new Date('2027-02-01T22:00:00Z'), penalty: 0.5 })
    expect(submissionsCloseAt(extended).toISOString()).toBe('2027-02-01T22:00:00.000Z')
    expect(withLateWindow.deadline).toBe(deadline) // the course's own window is untouched
  })

  it('without a late window, closes at the new deadline', () => {
    const extended = extendedWindow({ deadline, latePolicy: null }, new Date('2027-01-28T10:00:00Z'))
    expect(submissionsCloseAt(extended).toISOString()).toBe('2027-01-28T10:00:00.000Z')
  })

  it('never shortens a window: no extension, or one before the deadline, changes nothing', () => {
    expect(extendedWindow(withLateWindow, null)).toBe(withLateWindow)
    expect(extendedWindow(withLateWindow, new Date('2027-01-20T00:00:00Z'))).toBe(withLateWindow)
    expect(extendedWindow(withLateWindow, deadline)).toBe(withLateWindow)
  })
})
