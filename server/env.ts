// The environment, checked once by zod. A bad or missing value stops start-up with one line per
// problem naming the variable. Only values listed in `publicEnv` may reach the browser.
import { z } from 'zod'

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
  /** Where the platform keeps its state (embedded databases, secrets, the credential signing key). */
  SYLLABUS_DATA_DIR: z.string().min(1).default('.data'),
  /** The site's public address, printed on certificates and in credentials; defaults to NEXTAUTH_URL. */
  SYLLABUS_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be the public site URL, e.g. https://courses.example.org' }).optional(),
  /** The Ed25519 private key (a JWK as JSON) that signs credentials; generated into the data folder when unset. */
  SYLLABUS_CREDENTIAL_KEY: z.string().min(1).optional(),
  /** A TrueType font for certificate PDFs (names in any script it covers); DejaVu Sans is used when installed. */
  SYLLABUS_CERTIFICATE_FONT: z.string().min(1).optional(),
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

/** The allow-list of what the browser may know about the environment. */
export function publicEnv() {
  const env = getEnv()
  return { githubSignIn: Boolean(env.GITHUB_ID && env.GITHUB_SECRET) }
}
