// The environment, checked once by zod, and the only module that reads `process.env` (an ESLint rule
// enforces it; see eslint.config.mjs). A bad value stops start-up with one line per problem naming
// the variable. Only values listed in `publicEnv` may reach the browser.
//
// Two views of one schema:
// - `getEnv()`: the web app's, parsed once; DATABASE_URL and NEXTAUTH_SECRET are required.
// - `readEnv()`: every process's (CLI, worker, logger, database client); every value is checked but
//   none is required, and it reads the current environment on every call, because the CLI fills in
//   DATABASE_URL and friends as it starts the embedded databases (`setEnv`).
// Layers below server/ (graders, sandbox, course, datasets) never import this: their callers pass
// the values in.
import path from 'node:path'
import { z } from 'zod'
import { trustProxy } from './http/client-address.ts'

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

const secret = z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)')

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number (1-65535)')
  .transform(Number)
  .refine((value) => value >= 1 && value <= 65_535, 'must be a port number (1-65535)')

/** Every variable the code reads, none required. */
export const processEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.optional(),
  /** Web server processes `syllabus web` runs on its port (node:cluster; decision 030). */
  WEB_PROCESSES: z.string().regex(/^[1-9][0-9]?$/, 'must be a whole number from 1 to 99').transform(Number).optional(),
  DATABASE_URL: postgresUrl.optional(),
  GRADING_DATABASE_URL: postgresUrl.optional(),
  /** Folder holding only the grading cluster's Unix socket, mounted into Python ingestion sandboxes. */
  GRADING_SOCKET_DIR: z.string().min(1).optional(),
  NEXTAUTH_SECRET: secret.optional(),
  NEXTAUTH_URL: z.url('must be the site URL, e.g. http://localhost:3000').optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** The name this process logs under (web, worker, cli). */
  SYLLABUS_PROCESS: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a short lowercase name such as web or worker').default('web'),
  /** Where the course folders live (default courses/); relative paths count from the repository root. */
  SYLLABUS_COURSES_DIR: coursesDir,
  /** Where embedded data lives; relative to the repository root. */
  SYLLABUS_DATA_DIR: z.string().min(1).default('.data'),
  /** The site's public address, printed on certificates and in credentials; defaults to NEXTAUTH_URL. */
  SYLLABUS_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be the public site URL, e.g. https://courses.example.org' }).optional(),
  /** The Ed25519 private key (a JWK as JSON) that signs credentials; generated into the data folder when unset. */
  SYLLABUS_CREDENTIAL_KEY: z.string().min(1).optional(),
  /** A TrueType font for certificate PDFs (names in any script it covers); DejaVu Sans is used when installed. */
  SYLLABUS_CERTIFICATE_FONT: z.string().min(1).optional(),
  SYLLABUS_ADMIN_PASSWORD: z.string().min(1).optional(),
  SYLLABUS_DATASET_HIDDEN_SEED: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number of at most 9 digits')
    .transform(Number)
    .optional(),
  SYLLABUS_DATASET_SIZE: z.enum(['small', 'full']).default('small'),
  /** Grading jobs per engine, e.g. `4` or `sql=8,python=2` (parsed by the worker command). */
  SYLLABUS_WORKER_CONCURRENCY: z.string().min(1).optional(),
  /** `1`: the worker prints where its time went per engine (start, grade, store) when it stops (bench:queue --profile). */
  SYLLABUS_WORKER_PHASES: z.enum(['1']).optional(),
  /**
   * Sign-ins and sign-ups one address may make at once before it is slowed down (server/auth/auth-throttle.ts).
   * Raise it for a classroom or a company behind one NAT address; default 20 sign-ins, 30 sign-ups.
   */
  SYLLABUS_AUTH_ADDRESS_BURST: z.string().regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1 to 999999').transform(Number).optional(),
  /**
   * The reverse proxies in front of `syllabus web` whose X-Forwarded-For it believes
   * (server/http/client-address.ts): unset or 0, none; N, the N nearest hops; or addresses, subnets and
   * `loopback`/`linklocal`/`uniquelocal`, comma-separated.
   */
  SYLLABUS_TRUST_PROXY: z
    .string()
    .refine((value) => {
      try {
        trustProxy(value)
        return true
      } catch {
        return false
      }
    }, 'must be a number of hops, or addresses, subnets (10.0.0.0/8) and loopback/linklocal/uniquelocal, comma-separated')
    .optional(),
  /** OCI runtime of the code sandbox: runc, or runsc (gVisor) where installed. */
  SYLLABUS_SANDBOX_RUNTIME: z.string().regex(/^[a-z0-9._-]+$/, 'must be an OCI runtime name such as runc or runsc').default('runc'),
  /** Real BigQuery for BigQuery-dialect questions (graders/bigquery/cloud); unset: the local engine only. */
  BIGQUERY_PROJECT_ID: z.string().min(1).optional(),
  GOOGLE_APPLICATION_CREDENTIALS: z.string().min(1).optional(),
  BIGQUERY_LOCATION: z.string().min(1).optional(),
  BIGQUERY_MAX_BYTES_BILLED: z.string().regex(/^\d+$/, 'must be a whole number of bytes').transform(Number).optional(),
  BIGQUERY_JOB_TIMEOUT_MS: z.string().regex(/^\d+$/, 'must be a whole number of milliseconds').transform(Number).optional(),
  /** Tests only: a file holding the instant the course calendar treats as now (server/clock.ts). */
  SYLLABUS_TEST_CLOCK_FILE: z.string().min(1).optional(),
  /** Benchmarks only (`bench:web --cpu-prof DIR`): `syllabus web` writes its V8 CPU profile here when it stops. */
  SYLLABUS_WEB_CPU_PROFILE_DIR: z.string().min(1).optional(),
  /** Any value: the CLI prints stack traces. */
  DEBUG: z.string().optional(),
  /** Any value: the CLI prints without colours (https://no-color.org). */
  NO_COLOR: z.string().optional(),
})

/** The web app's environment: the same variables, with the database and the session secret required. */
export const envSchema = processEnvSchema.extend({
  DATABASE_URL: postgresUrl,
  NEXTAUTH_SECRET: secret,
  LOG_LEVEL: processEnvSchema.shape.LOG_LEVEL.unwrap().default('info'),
})

export type ProcessEnv = z.infer<typeof processEnvSchema>
export type Env = z.infer<typeof envSchema>
export type EnvName = keyof ProcessEnv

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not valid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`)
  }
}

type Source = Record<string, string | undefined>

/** Empty strings count as unset, as in most .env tooling. */
function withoutEmptyValues(source: Source) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
}

function parseWith<T extends ProcessEnv>(schema: z.ZodType<T>, source: Source): T {
  const values = withoutEmptyValues(source)
  const parsed = schema.safeParse(values)
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

/** The web app's environment from `source`; throws EnvError naming every bad or missing variable. */
export function parseEnv(source: Source = process.env): Env {
  return parseWith(envSchema, source)
}

/** Every process's environment, read now; throws EnvError naming every bad variable. */
export function readEnv(source: Source = process.env): ProcessEnv {
  return parseWith(processEnvSchema, source)
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

/** For the CLI: hands a value it found (an embedded database's URL, a generated secret) to later steps. */
export function setEnv(name: EnvName, value: string): void {
  ;(process.env as Source)[name] = value
}

/** The environment a child process inherits, with `overrides` on top (undefined removes a variable). */
export function childProcessEnv(overrides: Source = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/**
 * The courses root alone, for processes that read course files without the web app's settings
 * (`syllabus course check`, the grading worker). Read again on every call: tests point it at fixtures.
 */
export function coursesRoot(source: Record<string, string | undefined> = process.env): string {
  // One variable, not the whole environment: this runs on every course read.
  return coursesDir.parse(source.SYLLABUS_COURSES_DIR || undefined)
}

/**
 * The test clock's file (SYLLABUS_TEST_CLOCK_FILE), or undefined. Read again on every call, as the
 * course calendar asks on every decision (server/clock.ts): one variable, not the whole environment.
 */
export function testClockFile(source: Record<string, string | undefined> = process.env): string | undefined {
  return processEnvSchema.shape.SYLLABUS_TEST_CLOCK_FILE.parse(source.SYLLABUS_TEST_CLOCK_FILE || undefined)
}

/** The allow-list of what the browser may know about the environment. */
export function publicEnv() {
  const env = getEnv()
  return { githubSignIn: Boolean(env.GITHUB_ID && env.GITHUB_SECRET) }
}
