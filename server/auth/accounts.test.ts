import { describe, expect, it } from 'vitest'
import { db } from '../db/client.ts'
import { EmailTakenError } from '../errors.ts'
import { createAccount, createOrPromoteAdmin, signUpInput, verifyCredentials } from './accounts.ts'

const input = { name: 'Ada', email: 'Ada@Example.com ', password: 'correct horse battery' }

describe('accounts', () => {
  it('creates an account with a hashed password and a normalised email', async () => {
    const user = await createAccount(signUpInput.parse(input))
    expect(user.email).toBe('ada@example.com')
    expect(user.role).toBe('learner')
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row.passwordHash).not.toContain(input.password)
  })

  it('refuses an email already taken, whatever its case', async () => {
    await expect(createAccount(signUpInput.parse({ ...input, email: 'ADA@example.com' }))).rejects.toBeInstanceOf(
      EmailTakenError,
    )
  })

  it('hides the password hash unless asked', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } })
    expect(user).not.toHaveProperty('passwordHash')
  })

  it('verifies credentials', async () => {
    expect(await verifyCredentials('ada@example.com', input.password)).toMatchObject({ email: 'ada@example.com' })
    expect(await verifyCredentials('ada@example.com', 'wrong password!')).toBeNull()
    expect(await verifyCredentials('nobody@example.com', input.password)).toBeNull()
    expect(await verifyCredentials('not an email', input.password)).toBeNull()
  })

  it.each([
    [{ ...input, email: 'not-an-email' }, 'email', /valid email/],
    [{ ...input, password: 'short' }, 'password', /at least 10/],
    [{ ...input, password: 'password123' }, 'password', /too common/],
    [{ ...input, password: 'aaaaaaaaaaaa' }, 'password', /too easy/],
    [{ ...input, name: '  ' }, 'name', /your name/],
  ])('rejects bad sign-up input %#', (bad, field, message) => {
    const result = signUpInput.safeParse(bad)
    expect(result.success).toBe(false)
    const issue = result.error!.issues.find((i) => i.path[0] === field)
    expect(issue?.message).toMatch(message)
  })

  it('creates the first admin, and promotes an existing account', async () => {
    expect(await createOrPromoteAdmin('root@example.com', 'a long admin password')).toMatchObject({ created: true })
    expect((await db.user.findUniqueOrThrow({ where: { email: 'root@example.com' } })).role).toBe('admin')
    expect(await createOrPromoteAdmin('ada@example.com', undefined)).toMatchObject({ created: false })
    expect((await db.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } })).role).toBe('admin')
  })
})
