// `syllabus admin create --email <email> [--name <name>]`: makes the first administrator.
// The password comes from SYLLABUS_ADMIN_PASSWORD, or a prompt, or is generated and printed once.
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { ZodError } from 'zod'
import { AdminPasswordRequiredError, createOrPromoteAdmin } from '../../server/auth/accounts.ts'
import { disconnectDb } from '../../server/db/client.ts'
import { green, red } from '../lib/progress.ts'
import { readEnv } from '../../server/env.ts'

async function askPassword(): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined
  const readline = createInterface({ input: process.stdin, output: process.stdout })
  const answer = await readline.question('Password for the new administrator (empty: generate one): ')
  readline.close()
  return answer.trim() || undefined
}

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  })
  if (positionals[0] !== 'create' || !values.email) {
    console.error('Usage: npm run syllabus -- admin create --email <email> [--name <name>]')
    return 2
  }
  let password = readEnv().SYLLABUS_ADMIN_PASSWORD
  let generated = false
  const report = (result: { created: boolean; email: string }) => {
    console.log(green(result.created ? `Created the administrator ${result.email}.` : `${result.email} is now an administrator.`))
    if (generated) console.log(`Their password (shown once; change it after signing in): ${password}`)
    return 0
  }
  try {
    try {
      return report(await createOrPromoteAdmin(values.email!, password, values.name))
    } catch (error) {
      if (!(error instanceof AdminPasswordRequiredError)) throw error
      password = (await askPassword()) ?? ((generated = true), randomBytes(12).toString('base64url'))
      return report(await createOrPromoteAdmin(values.email!, password, values.name))
    }
  } catch (error) {
    if (error instanceof ZodError) {
      console.error(red(error.issues.map((issue) => `${issue.path.join('.') || 'email'}: ${issue.message}`).join('\n')))
      return 1
    }
    throw error
  } finally {
    await disconnectDb()
  }
}
