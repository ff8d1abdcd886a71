import { describe, expect, it } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
  it.each([
    ['/courses/x?a=1', '/courses/x?a=1'],
    ['https://evil.example', '/me'],
    ['//evil.example', '/me'],
    ['/\\evil.example', '/me'],
    ['javascript:alert(1)', '/me'],
    [undefined, '/me'],
    [['/a'], '/me'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })
})
