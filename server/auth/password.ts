// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt, no node-gyp) and the
// password policy: length over composition rules (NIST SP 800-63B), plus a list of common passwords.
import { hash, verify } from '@node-rs/argon2'
import { z } from 'zod'

const COMMON_PASSWORDS = new Set([
  'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou123', 'letmein123',
  'welcome123', 'administrator', 'passwordpassword', 'abc1234567', 'qwerty12345', '0123456789', '1111111111',
])

export const MIN_PASSWORD_LENGTH = 10

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, 'Use at most 200 characters.')
  .refine((password) => !COMMON_PASSWORDS.has(password.toLowerCase()), 'This password is too common; choose another.')
  .refine((password) => new Set(password).size >= 4, 'This password is too easy to guess; mix more characters.')

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
