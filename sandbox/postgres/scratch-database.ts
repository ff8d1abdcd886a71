// The database-level sandbox: for work that must commit or that connects by itself (a container with
// a driver), a whole database cloned from the dataset template, owned by a one-off role, dropped
// afterwards. Names carry a prefix and their creation time, so a sweep after a crash finds leftovers.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { z } from 'zod'
import { redactSecrets, SandboxUnavailableError, secretsOfUrl } from './errors.ts'
import { quoteIdentifier, quoteLiteral, sqlIdentifier, urlFor, withDatabase } from './identifiers.ts'
import { applyRoleLimits, learnerRoleSettingsSchema } from './provision-role.ts'

export const scratchDatabaseOptionsSchema = z.object({
  /** The database to copy. Nobody may be connected to it (PostgreSQL's rule for templates). */
  template: sqlIdentifier,
  /** The dataset schema, handed to the one-off role with all its tables. */
  schema: sqlIdentifier.default('nyc_taxi'),
  prefix: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}_$/)
    .default('syllabus_scratch_'),
  settings: learnerRoleSettingsSchema.default(learnerRoleSettingsSchema.parse({})),
  connectionLimit: z.number().int().positive().default(5),
  /**
   * The database and its role are dropped this long after creation by a timer of their own, whether
   * or not `work` has returned (a stuck check, a lost job); the role's password expires then too.
   */
  lifetimeMs: z.number().int().positive().default(15 * 60 * 1000),
  /** How long to wait for the template to have no connections. */
  templateBusyTimeoutMs: z.number().int().min(0).default(5_000),
})
export type ScratchDatabaseOptions = z.input<typeof scratchDatabaseOptionsSchema>

export interface ScratchDatabase {
  /** URL as the one-off role, which owns the database and the copied schema. */
  url: string
  database: string
  role: string
}

const TEMPLATE_IN_USE = '55006'
const UNDEFINED_DATABASE = '3D000'

async function connectAdmin(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'syllabus-scratch-database' })
  client.on('error', () => {})
  try {
    await client.connect()
    return client
  } catch (error) {
    throw new SandboxUnavailableError(
      `cannot connect to PostgreSQL for a scratch database: ${redactSecrets(String((error as Error).message), secretsOfUrl(url))}`,
    )
  }
}

function scratchName(prefix: string) {
  return `${prefix}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
}

/** Creation time encoded in a scratch name, or undefined if the name is not one of ours. */
function createdAt(name: string, prefix: string) {
  const match = name.startsWith(prefix) ? /^([0-9a-z]+)_[0-9a-f]{8}$/.exec(name.slice(prefix.length)) : null
  return match?.[1] ? parseInt(match[1], 36) : undefined
}

async function createFromTemplate(admin: pg.Client, name: string, options: z.infer<typeof scratchDatabaseOptionsSchema>) {
  const deadline = Date.now() + options.templateBusyTimeoutMs
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(
        `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(options.template)} OWNER ${quoteIdentifier(name)}`,
      )
      return
    } catch (error) {
      if ((error as { code?: string }).code !== TEMPLATE_IN_USE || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)))
    }
  }
}

async function handOver(url: string, role: string, schema: string) {
  const client = await connectAdmin(url)
  try {
    await client.query(`ALTER SCHEMA ${quoteIdentifier(schema)} OWNER TO ${quoteIdentifier(role)}`)
    const relations = await client.query<{ name: string; kind: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
      [schema],
    )
    for (const { name, kind } of relations.rows) {
      const what = kind === 'v' ? 'VIEW' : kind === 'm' ? 'MATERIALIZED VIEW' : kind === 'S' ? 'SEQUENCE' : 'TABLE'
      await client.query(`ALTER ${what} ${name} OWNER TO ${quoteIdentifier(role)}`)
    }
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Takes CONNECT and TEMPORARY away from PUBLIC on every other database the one-off role could log in
 * to (`postgres`, template1, the datasets, the template, an app database on the same cluster…): its
 * password travels into the sandbox, so it must open its own scratch database only. A cluster
 * Syllabus owns loses nothing by it (the learner role is granted CONNECT by name); then checks again
 * and refuses to go on if the role still reaches another database.
 */
async function closeOtherDatabases(admin: pg.Client, role: string) {
  const reachable = async () =>
    (
      await admin.query<{ name: string }>(
        `SELECT datname AS name FROM pg_catalog.pg_database
          WHERE datallowconn AND datname <> $1 AND has_database_privilege($1, oid, 'CONNECT') ORDER BY 1`,
        [role],
      )
    ).rows.map((row) => row.name)
  for (const database of await reachable())
    await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE "${database.replaceAll('"', '""')}" FROM PUBLIC`).catch((error: { code?: string }) => {
      // Dropped in between (another run's scratch database): nothing left to close.
      if (error.code !== UNDEFINED_DATABASE) throw error
    })
  const still = await reachable()
  if (still.length > 0) throw new SandboxUnavailableError(`the scratch role could still connect to ${still.join(', ')}`)
}

async function dropScratch(admin: pg.Client, name: string) {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
  await admin.query(`DROP ROLE IF EXISTS ${quoteIdentifier(name)}`)
}

async function dropOnOwnConnection(adminUrl: string, name: string) {
  const admin = await connectAdmin(adminUrl).catch(() => null)
  if (!admin) return // the scheduled sweep (scratch-database-sweep.ts) drops it later
  try {
    await dropScratch(admin, name)
  } catch {
    // Left to the scheduled sweep.
  } finally {
    await admin.end().catch(() => {})
  }
}

/**
 * Runs `work` with a fresh copy of `template` owned by a one-off role, then drops both, whether
 * `work` succeeded or not. A failed drop is left to sweepScratchDatabases.
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  input: ScratchDatabaseOptions,
  work: (scratch: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const options = scratchDatabaseOptionsSchema.parse(input)
  const name = scratchName(options.prefix)
  const password = randomBytes(24).toString('base64url')
  const secrets = [...secretsOfUrl(adminUrl), password]
  const admin = await connectAdmin(adminUrl)
  try {
    const role = quoteIdentifier(name)
    try {
      const validUntil = new Date(Date.now() + options.lifetimeMs).toISOString()
      await admin.query(
        `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS
           CONNECTION LIMIT ${options.connectionLimit} PASSWORD ${quoteLiteral(password)} VALID UNTIL ${quoteLiteral(validUntil)}`,
      )
      await applyRoleLimits(admin, role, options.settings, [['search_path', options.schema]])
      await createFromTemplate(admin, name, options)
      await admin.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`)
      await handOver(withDatabase(adminUrl, name), name, options.schema)
      await closeOtherDatabases(admin, name)
    } catch (error) {
      await dropScratch(admin, name).catch(() => {})
      if (error instanceof SandboxUnavailableError) throw error
      throw new SandboxUnavailableError(
        `creating scratch database ${name} from ${options.template} failed: ${redactSecrets(String((error as Error).message), secrets)}`,
      )
    }
    // Independent of `work`: on its own connection, so neither a hung `work` nor a busy admin
    // connection keeps the database past its lifetime.
    const expiry = setTimeout(() => void dropOnOwnConnection(adminUrl, name), options.lifetimeMs)
    expiry.unref()
    try {
      return await work({ url: urlFor(adminUrl, name, password, name), database: name, role: name })
    } finally {
      clearTimeout(expiry)
      await dropScratch(admin, name).catch(() => {})
    }
  } finally {
    await admin.end().catch(() => {})
  }
}

/**
 * Drops scratch databases and roles left by a crash: every name with the prefix created more than
 * `olderThanMs` ago. Returns the names dropped.
 */
export async function sweepScratchDatabases(
  adminUrl: string,
  { prefix = 'syllabus_scratch_', olderThanMs = 60 * 60 * 1000 }: { prefix?: string; olderThanMs?: number } = {},
): Promise<string[]> {
  const admin = await connectAdmin(adminUrl)
  try {
    const { rows } = await admin.query<{ name: string }>(
      `SELECT datname AS name FROM pg_catalog.pg_database WHERE starts_with(datname, $1)
        UNION SELECT rolname FROM pg_catalog.pg_roles WHERE starts_with(rolname, $1)`,
      [prefix],
    )
    const cutoff = Date.now() - olderThanMs
    const stale = rows
      .map((row) => row.name)
      .filter((name) => {
        const created = createdAt(name, prefix)
        return created !== undefined && created <= cutoff
      })
      .sort()
    for (const name of stale) await dropScratch(admin, name)
    return stale
  } finally {
    await admin.end().catch(() => {})
  }
}
