// What every database-backed subcommand does around its own work: parse the arguments (a bad flag prints
// the usage), turn a person's mistake (invalid input, an unknown course or email) into one red line and
// exit code 1, and close the database pool so the process can exit.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { ZodError } from 'zod'
import { disconnectDb } from '../../server/db/client.ts'
import { AppError } from '../../server/errors.ts'
import { red } from './progress.ts'

/** Parsed flags and positionals; null (after printing the problem and the usage) when they do not parse. */
export function parseCommandArgs<Options extends ParseArgsOptionsConfig>(args: string[], options: Options, usage: string) {
  try {
    return parseArgs({ args, allowPositionals: true, options })
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    return null
  }
}

/** Runs a subcommand's work; expected failures print their message and return 1, anything else is thrown. */
export async function runDatabaseCommand(work: () => Promise<number>): Promise<number> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ZodError) {
      console.error(red(error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('\n')))
      return 1
    }
    if (error instanceof AppError) {
      console.error(red(error.message))
      return 1
    }
    throw error
  } finally {
    await disconnectDb()
  }
}
