// Accounts: sign-up, credential checks, and the first administrator.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { db, type Role } from '../db/client.ts'
import { EmailTakenError } from '../errors.ts'
import { hashPassword, passwordSchema, verifyPassword } from './password.ts'

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address, like ada@example.com.').max(254))

export const signUpInput = z.object({
  name: z.string().trim().min(1, 'Tell us your name.').max(100, 'Use at most 100 characters.'),
  email: emailSchema,
  password: passwordSchema,
})

export type SignUpInput = z.infer<typeof signUpInput>

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === 'P2002'
}

export async function createAccount(input: SignUpInput, role: Role = 'learner') {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash, role },
      select: { id: true, email: true, name: true, role: true },
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError()
    throw error
  }
}

/** The user for this email and password, or null. Takes the same time whether or not the email exists. */
export async function verifyCredentials(email: string, password: string) {
  const parsedEmail = emailSchema.safeParse(email)
  const user = parsedEmail.success
    ? await db.user.findUnique({
        where: { email: parsedEmail.data },
        select: { id: true, email: true, name: true, role: true, passwordHash: true },
      })
    : null
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password)
  if (!user || !user.passwordHash || !ok) return null
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

// A real hash of a random string, so an unknown email costs as much as a wrong password.
let dummy: Promise<string> | undefined
function dummyHash() {
  dummy ??= hashPassword(randomBytes(16).toString('hex'))
  return dummy
}

export class AdminPasswordRequiredError extends Error {
  constructor() {
    super('A new administrator needs a password.')
  }
}

/** Makes `email` an admin: promotes an existing account, or creates one with `password`. */
export async function createOrPromoteAdmin(email: string, password: string | undefined, name = 'Administrator') {
  const parsedEmail = emailSchema.parse(email)
  const existing = await db.user.findUnique({ where: { email: parsedEmail }, select: { id: true } })
  if (existing) {
    await db.user.update({ where: { id: existing.id }, data: { role: 'admin' } })
    return { created: false as const, email: parsedEmail }
  }
  if (!password) throw new AdminPasswordRequiredError()
  await createAccount(signUpInput.parse({ name, email: parsedEmail, password }), 'admin')
  return { created: true as const, email: parsedEmail }
}
