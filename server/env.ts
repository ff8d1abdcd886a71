// The environment, checked once by zod. A bad or missing value stops start-up with one line per
// problem naming the variable. Only values listed in `publicEnv` may reach the browser.
import path from 'node:path'
import { z } from 'zod'

// import.meta.dirname is undefined inside Next.js server bundles, whose processes start in the repository root.
const repositoryRoot = import.meta.dirname ? path.resolve(import.meta.dirname, '..') : process.cwd()

/** Where the course folders live (one folder per course slug); relative paths count from the repository root. */
const coursesDir = z
  .string()
  .default('courses')
  .transform((dir) => path.resolve(repositoryRoot, dir))

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgresql:// connection URL')

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: postgresUrl,
  GRADING_DATABASE_URL: postgresUrl.optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)'),
  NEXTAUTH_URL: z.url('must be the site URL, e.g. http://localhost:3000').optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  SYLLABUS_COURSES_DIR: coursesDir,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Env = z.infer<typeof envSchema>

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not valid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`)
  }
}

/** Empty strings count as unset, as in most .env tooling. */
function withoutEmptyValues(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const values = withoutEmptyValues(source)
  const parsed = envSchema.safeParse(values)
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)'
        return `${name}: ${values[name] === undefined ? 'is not set' : issue.message}`
      }),
    )
  }
  const env = parsed.data
  if (Boolean(env.GITHUB_ID) !== Boolean(env.GITHUB_SECRET)) {
    throw new EnvError(['GITHUB_ID and GITHUB_SECRET: set both to enable GitHub sign-in, or neither'])
  }
  return env
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

/**
 * The courses root alone, for processes that read course files without the web app's settings
 * (`syllabus course check`, the grading worker). Read again on every call: tests point it at fixtures.
 */
export function coursesRoot(source: Record<string, string | undefined> = process.env): string {
  return coursesDir.parse(withoutEmptyValues(source).SYLLABUS_COURSES_DIR)
}

/** The allow-list of what the browser may know about the environment. */
export function publicEnv() {
  const env = getEnv()
  return { githubSignIn: Boolean(env.GITHUB_ID && env.GITHUB_SECRET) }
}
