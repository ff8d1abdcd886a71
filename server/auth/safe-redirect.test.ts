import { describe, expect, it } from 'vitest'
import { authRedirect, safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
  it.each([
    ['/courses/x?a=1', '/courses/x?a=1'],
    ['/courses/x#q-1', '/courses/x#q-1'],
    ['https://evil.example', '/me'],
    ['//evil.example', '/me'],
    ['/\\evil.example', '/me'],
    ['javascript:alert(1)', '/me'],
    ['/\t/evil.example', '/me'],
    ['/\n/evil.example', '/me'],
    ['/\r\n/evil.example', '/me'],
    ['/\u0000/evil.example', '/me'],
    ['/%09/evil.example', '/%09/evil.example'], // still encoded: a path on this site
    [undefined, '/me'],
    [['/a'], '/me'],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })
})

describe('authRedirect (next-auth callbackUrl)', () => {
  const baseUrl = 'http://localhost:3000'
  it.each([
    ['/me', 'http://localhost:3000/me'],
    ['http://localhost:3000/courses/x', 'http://localhost:3000/courses/x'],
    ['https://evil.example/', baseUrl],
    ['//evil.example', baseUrl],
    ['/\t/evil.example', baseUrl],
    ['http://[', baseUrl],
    ['http://localhost:3000@evil.example/', baseUrl],
  ])('%j → %s', (url, expected) => {
    expect(authRedirect({ url, baseUrl })).toBe(expected)
  })
})
