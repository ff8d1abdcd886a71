import { describe, expect, it } from 'vitest'
import { db } from '../db/client.ts'
import { listUsers, PAGE_SIZE, pageParam, platformCounts } from './users.ts'

describe('listUsers', () => {
  it('pages through accounts, newest first', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z')
    await db.user.createMany({
      data: Array.from({ length: PAGE_SIZE + 3 }, (_, i) => ({
        email: `user${i}@example.com`,
        createdAt: new Date(base + i * 1000),
      })),
    })
    const first = await listUsers(1)
    expect(first.total).toBe(PAGE_SIZE + 3)
    expect(first.pageCount).toBe(2)
    expect(first.users).toHaveLength(PAGE_SIZE)
    expect(first.users[0]!.email).toBe(`user${PAGE_SIZE + 2}@example.com`)
    const second = await listUsers(2)
    expect(second.users.map((u) => u.email)).toEqual(['user2@example.com', 'user1@example.com', 'user0@example.com'])
    expect(second.users[0]).not.toHaveProperty('passwordHash')
    expect((await platformCounts()).users).toBe(PAGE_SIZE + 3)
  })

  it.each([
    ['2', 2],
    ['0', 1],
    ['-4', 1],
    ['abc', 1],
    [undefined, 1],
    ['1e9', 1],
  ])('reads the page parameter %s as %i', (input, expected) => {
    expect(pageParam.parse(input)).toBe(expected)
  })
})
