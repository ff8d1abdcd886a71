import { describe, expect, it } from 'vitest'
import { db } from '../db/client.ts'
import { LastAdminError, listUsers, PAGE_SIZE, pageParam, platformCounts, searchParam, setPlatformRole } from './users.ts'

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

describe('searching accounts and the platform role', () => {
  it('finds accounts by part of the email or name, case-insensitively', async () => {
    await db.user.createMany({
      data: [
        { email: 'grace.hopper@navy.example', name: 'Grace Hopper' },
        { email: 'alan@example.org', name: 'Alan Turing' },
      ],
    })
    expect((await listUsers(1, 'HOPPER')).users.map((u) => u.email)).toEqual(['grace.hopper@navy.example'])
    expect((await listUsers(1, 'turing')).users.map((u) => u.email)).toEqual(['alan@example.org'])
    expect((await listUsers(1, 'nobody-like-this')).total).toBe(0)
    expect(searchParam.parse(undefined)).toBe('')
    expect(searchParam.parse('  ada  ')).toBe('ada')
  })

  it('changes the role, and never demotes the last administrator', async () => {
    const only = await db.user.create({ data: { email: 'root@example.com', role: 'admin' } })
    const other = await db.user.create({ data: { email: 'helper@example.com' } })
    await expect(setPlatformRole({ userId: only.id, role: 'learner' })).rejects.toBeInstanceOf(LastAdminError)
    expect((await setPlatformRole({ userId: other.id, role: 'admin' })).role).toBe('admin')
    expect((await setPlatformRole({ userId: only.id, role: 'instructor' })).role).toBe('instructor')
    await expect(setPlatformRole({ userId: other.id, role: 'learner' })).rejects.toThrow(/last administrator/)
    await expect(setPlatformRole({ userId: other.id, role: 'root' })).rejects.toThrow(/learner, instructor or admin/)
    await expect(setPlatformRole({ userId: 'missing', role: 'admin' })).rejects.toThrow(/not found/)
  })
})
