// Provisions the restricted LOGIN role that runs learner SQL. The role is the real wall: whatever
// slips past the static check still runs as a user that can read one schema, write nowhere that
// survives (its scratch schema only ever sees rolled-back transactions), and has its resource limits
// set at login where it cannot change them. Idempotent: run it at start-up and after loading data.
import { createHash, randomBytes } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import pg from 'pg'
import { z } from 'zod'
import { redactSecrets, SandboxUnavailableError, secretsOfUrl } from './errors.ts'
import { quoteIdentifier, quoteLiteral, sqlIdentifier, urlFor, withDatabase } from './identifiers.ts'

/** Role-level settings, applied by the server at login; the sandbox tightens some per run. */
export const learnerRoleSettingsSchema = z.object({
  /** Outer cap: each run sets its own, lower, statement_timeout. */
  statementTimeoutMs: z.number().int().positive().default(30_000),
  lockTimeoutMs: z.number().int().positive().default(2_000),
  idleInTransactionSessionTimeoutMs: z.number().int().positive().default(30_000),
  workMem: z.string().regex(/^\d+(kB|MB|GB)$/).default('16MB'),
  /** Caps the disk a sort or hash may spill to (a superuser-only setting: learners cannot raise it). */
  tempFileLimit: z.string().regex(/^\d+(kB|MB|GB)$/).default('256MB'),
  /** 0 keeps one learner from taking every core; results do not depend on it. */
  maxParallelWorkersPerGather: z.number().int().min(0).default(0),
})
export type LearnerRoleSettings = z.input<typeof learnerRoleSettingsSchema>

export const sandboxRoleOptionsSchema = z.object({
  /** Databases the role may connect to (e.g. the public and hidden copies of a dataset). */
  databases: z.array(sqlIdentifier).min(1),
  /** The dataset schema the role may read, and its search_path. */
  schema: sqlIdentifier.default('nyc_taxi'),
  /** A schema where DDL/DML questions may create objects; every such run is rolled back. */
  scratchSchema: sqlIdentifier.default('learner_scratch'),
  roleName: sqlIdentifier.default('syllabus_learner'),
  /** Keep the password across restarts (read, or created with mode 0600); otherwise a new one each call. */
  passwordFile: z.string().optional(),
  /**
   * For the whole cluster: every grading process's budget (learnerConnectionsFor, 16 for a worker at
   * SQL concurrency 3) plus the web preview's 2 — two workers use 34, three 50 — and far under
   * PostgreSQL's default max_connections (100), so a learner can never take the cluster's last ones.
   */
  connectionLimit: z.number().int().positive().default(40),
  settings: learnerRoleSettingsSchema.default(learnerRoleSettingsSchema.parse({})),
  /**
   * Databases to take CONNECT and TEMPORARY away from PUBLIC, so the role can connect only where it is
   * granted. 'all-others' is right for a cluster Syllabus owns; a shared cluster may list them instead.
   */
  closeDatabasesToPublic: z.union([z.literal('all-others'), z.array(sqlIdentifier)]).default('all-others'),
  /**
   * Skip the work when the last provisioning (by any process) did exactly this: same code, same
   * options and password, these databases among those it granted, and no database of the cluster
   * created, dropped or rebuilt since (see provisioningStamp). For one-shot commands that start
   * beside a running worker (`syllabus grade`); long-lived processes provision in full.
   */
  reuseIfUnchanged: z.boolean().default(false),
})
export type SandboxRoleOptions = z.input<typeof sandboxRoleOptionsSchema>

export interface SandboxRole {
  role: string
  password: string
  /** Connection URL as the learner role, for one of the granted databases. */
  learnerUrl(database: string): string
}

/**
 * Functions PUBLIC may execute by default that learner SQL has no business calling. The static
 * check refuses them too; revoking them makes the database refuse what the parser might miss.
 * Matched with LIKE in pg_catalog (and any schema for dblink, if the extension is installed).
 */
const revokedFunctionPatterns = [
  'set_config',
  'lo\\_%',
  'loread',
  'lowrite',
  'pg\\_advisory\\_%',
  'pg\\_try\\_advisory\\_%',
  'pg\\_cancel\\_backend',
  'pg\\_terminate\\_backend',
  'pg\\_notify',
  'query\\_to\\_xml%',
  'table\\_to\\_xml%',
  'schema\\_to\\_xml%',
  'database\\_to\\_xml%',
  'cursor\\_to\\_xml%',
  'ts\\_stat',
  // Other sessions of the same role are fully visible in pg_stat_activity: one learner could read
  // another's answer while it runs.
  'pg\\_stat\\_get\\_activity',
  'pg\\_stat\\_get\\_backend\\_%',
  'dblink%',
  // The cluster's identity (system identifier) keys the hidden variants' seeds.
  'pg\\_control\\_%',
]

/** Shared catalogs (and views over them) that list the cluster's databases or describe them. */
const databaseCatalogs = ['pg_database', 'pg_stat_database', 'pg_stat_database_conflicts', 'pg_shdescription', 'pg_db_role_setting']

/** Serializes provisioning across processes (catalog updates from two at once fail). */
const PROVISIONING_LOCK_KEY = 'syllabus.sandbox.provisioning'

async function exists(file: string) {
  return stat(file).then(
    () => true,
    () => false,
  )
}

async function resolvePassword(passwordFile: string | undefined) {
  if (passwordFile && (await exists(passwordFile))) return (await readFile(passwordFile, 'utf8')).trim()
  const password = randomBytes(24).toString('base64url')
  if (passwordFile) await writeFile(passwordFile, `${password}\n`, { mode: 0o600 })
  return password
}

/**
 * Runs `work` as one transaction. Provisioning takes privileges away and grants them back
 * (REVOKE ALL … then GRANT SELECT …); autocommitted one by one, a learner's query or connection in
 * between is refused (a worker's grading failed that way while another process opened its grading
 * environment). In one transaction every other session sees the old privileges or the new ones.
 */
async function inTransaction<T>(client: pg.Client, work: (client: pg.Client) => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'syllabus-sandbox-provisioning' })
  // A dropped connection mid-provisioning surfaces through the pending query; keep it off the process.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    const detail = redactSecrets(String((error as Error).message), secretsOfUrl(url))
    throw new SandboxUnavailableError(detail, `Cannot connect to PostgreSQL to provision the SQL sandbox: ${detail}`)
  }
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

async function provisionRole(admin: pg.Client, options: z.infer<typeof sandboxRoleOptionsSchema>, password: string) {
  const role = quoteIdentifier(options.roleName)
  const { rowCount } = await admin.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [options.roleName])
  if (!rowCount) await admin.query(`CREATE ROLE ${role}`)
  await admin.query(
    `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS
       CONNECTION LIMIT ${options.connectionLimit} PASSWORD ${quoteLiteral(password)}`,
  )
  // Memberships (pg_read_all_stats, pg_signal_backend …) granted by hand would widen the role.
  const memberships = await admin.query<{ granted: string }>(
    `SELECT r.rolname AS granted FROM pg_catalog.pg_auth_members m
       JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
       JOIN pg_catalog.pg_roles u ON u.oid = m.member
      WHERE u.rolname = $1`,
    [options.roleName],
  )
  for (const { granted } of memberships.rows) await admin.query(`REVOKE "${granted.replaceAll('"', '""')}" FROM ${role}`)

  await applyRoleLimits(admin, role, options.settings, [
    ['jit', 'off'],
    ['search_path', options.schema],
    ['default_transaction_read_only', 'on'],
  ])
}

/** The limits every learner-facing role runs under, as role settings, plus `extra` ones. `role` is quoted. */
export async function applyRoleLimits(
  admin: pg.Client,
  role: string,
  settings: z.output<typeof learnerRoleSettingsSchema>,
  extra: [string, string][],
) {
  const roleSettings: [string, string][] = [
    ['statement_timeout', `${settings.statementTimeoutMs}`],
    ['lock_timeout', `${settings.lockTimeoutMs}`],
    ['idle_in_transaction_session_timeout', `${settings.idleInTransactionSessionTimeoutMs}`],
    ['work_mem', settings.workMem],
    ['temp_file_limit', settings.tempFileLimit],
    ['max_parallel_workers_per_gather', `${settings.maxParallelWorkersPerGather}`],
    ...extra,
  ]
  for (const [name, value] of roleSettings) await admin.query(`ALTER ROLE ${role} SET ${name} = ${quoteLiteral(value)}`)
}

async function closeDatabases(admin: pg.Client, options: z.infer<typeof sandboxRoleOptionsSchema>) {
  const role = quoteIdentifier(options.roleName)
  const others =
    options.closeDatabasesToPublic === 'all-others'
      ? (
          await admin.query<{ datname: string }>(
            `SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate AND datname <> ALL($1)`,
            [options.databases],
          )
        ).rows.map((row) => row.datname)
      : options.closeDatabasesToPublic.filter((name) => !options.databases.includes(name))
  for (const database of others) {
    const name = `"${database.replaceAll('"', '""')}"`
    await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${name} FROM PUBLIC`)
    await admin.query(`REVOKE ALL ON DATABASE ${name} FROM ${role}`)
  }
  for (const database of options.databases) {
    const name = quoteIdentifier(database)
    await admin.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`)
    await admin.query(`REVOKE ALL ON DATABASE ${name} FROM ${role}`)
    await admin.query(`GRANT CONNECT ON DATABASE ${name} TO ${role}`)
  }
}

async function restrictDatabase(admin: pg.Client, options: z.infer<typeof sandboxRoleOptionsSchema>) {
  const role = quoteIdentifier(options.roleName)
  const schema = quoteIdentifier(options.schema)
  const scratch = quoteIdentifier(options.scratchSchema)
  const statements = [
    `REVOKE ALL ON SCHEMA public FROM PUBLIC`,
    `REVOKE ALL ON SCHEMA public FROM ${role}`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM PUBLIC`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `CREATE SCHEMA IF NOT EXISTS ${scratch}`,
    `REVOKE ALL ON SCHEMA ${scratch} FROM PUBLIC`,
    `GRANT USAGE, CREATE ON SCHEMA ${scratch} TO ${role}`,
    // The pg_settings view has an UPDATE rule that calls set_config.
    `REVOKE UPDATE ON pg_catalog.pg_settings FROM PUBLIC`,
    `REVOKE ALL ON pg_catalog.pg_stat_activity FROM PUBLIC`,
    // The cluster's other databases are none of a learner's business: their names, sizes, settings
    // and comments could tell one dataset variant from another (docs/security.md § SQL grading).
    // current_database() still answers; it names the connected database only, and variant names are opaque.
    ...databaseCatalogs.map((catalog) => `REVOKE ALL ON pg_catalog.${catalog} FROM PUBLIC`),
  ]
  for (const statement of statements) await admin.query(statement)

  // Dataset tables and views only: names starting with _ are bookkeeping (e.g. _dataset_info holds
  // the hidden variant's seed). Run again after a reload: a rebuilt database has no grants.
  const relations = await admin.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT starts_with(c.relname, '_')`,
    [options.schema],
  )
  for (const { name } of relations.rows) await admin.query(`GRANT SELECT ON ${name} TO ${role}`)

  const functions = await admin.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature
       FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prokind IN ('f', 'a', 'w')
        AND (n.nspname = 'pg_catalog' OR p.proname LIKE 'dblink%')
        AND p.proname LIKE ANY ($1)`,
    [revokedFunctionPatterns],
  )
  for (const { signature } of functions.rows) {
    await admin.query(`REVOKE EXECUTE ON FUNCTION ${signature} FROM PUBLIC`)
    await admin.query(`REVOKE EXECUTE ON FUNCTION ${signature} FROM ${role}`)
  }
}

/**
 * What one provisioning did, kept as the role's comment (pg_shdescription, which learners cannot
 * read): a digest of this file's provisioning code and of the options and password, the databases
 * granted, and the oid of each database it touched (with `all-others`, every connectable database of
 * the cluster). A rebuilt dataset (new oid), a new or dropped database among those, a code change or
 * other options all make the next check provision in full.
 */
interface ProvisioningStamp {
  digest: string
  granted: string[]
  databases: [string, string][]
}

function provisioningDigest(options: z.infer<typeof sandboxRoleOptionsSchema>, password: string): string {
  const { databases: _granted, passwordFile: _file, reuseIfUnchanged: _reuse, ...rest } = options
  const code = [provisionRole, applyRoleLimits, closeDatabases, restrictDatabase].map(String).join('\n')
  return createHash('sha256').update(JSON.stringify([code, revokedFunctionPatterns, databaseCatalogs, rest, password])).digest('hex')
}

/** Name and oid of the named databases, or of every connectable one (`all`), by name. */
async function databaseOids(admin: pg.Client, names: string[] | 'all'): Promise<[string, string][]> {
  const { rows } = await admin.query<{ datname: string; oid: string }>(
    `SELECT datname, oid::text AS oid FROM pg_catalog.pg_database
      WHERE datallowconn AND NOT datistemplate AND ($1::text[] IS NULL OR datname = ANY($1)) ORDER BY datname`,
    [names === 'all' ? null : names],
  )
  return rows.map((row) => [row.datname, row.oid])
}

async function writeProvisioningStamp(admin: pg.Client, options: z.infer<typeof sandboxRoleOptionsSchema>, password: string) {
  const touched = options.closeDatabasesToPublic === 'all-others' ? 'all' : [...new Set([...options.databases, ...options.closeDatabasesToPublic])]
  const stamp: ProvisioningStamp = { digest: provisioningDigest(options, password), granted: [...options.databases].sort(), databases: await databaseOids(admin, touched) }
  await admin.query(`COMMENT ON ROLE ${quoteIdentifier(options.roleName)} IS ${quoteLiteral(JSON.stringify(stamp))}`)
}

async function provisionedAlready(admin: pg.Client, options: z.infer<typeof sandboxRoleOptionsSchema>, password: string): Promise<boolean> {
  const { rows } = await admin.query<{ stamp: string | null }>(
    `SELECT pg_catalog.shobj_description(oid, 'pg_authid') AS stamp FROM pg_catalog.pg_roles WHERE rolname = $1`,
    [options.roleName],
  )
  let stamp: ProvisioningStamp | null
  try {
    stamp = JSON.parse(rows[0]?.stamp ?? 'null') as ProvisioningStamp | null
  } catch {
    return false
  }
  if (!stamp?.databases || stamp.digest !== provisioningDigest(options, password)) return false
  if (!options.databases.every((database) => stamp.granted.includes(database))) return false
  const now = await databaseOids(admin, options.closeDatabasesToPublic === 'all-others' ? 'all' : stamp.databases.map(([name]) => name))
  return JSON.stringify(now) === JSON.stringify(stamp.databases)
}

/**
 * Creates or updates the learner role and its privileges on `databases`. `adminUrl` is a superuser
 * URL (to any database of the cluster); it never appears in an error message. `connection`, a
 * superuser session of the caller's to the same cluster, is used instead of opening one (the lock
 * taken on it is released before returning).
 */
export async function ensureSandboxRole(adminUrl: string, input: SandboxRoleOptions, connection?: pg.Client): Promise<SandboxRole> {
  const options = sandboxRoleOptionsSchema.parse(input)
  const password = await resolvePassword(options.passwordFile)
  const secrets = [...secretsOfUrl(adminUrl), password]
  const session = <T>(work: (admin: pg.Client) => Promise<T>) => (connection ? work(connection) : withClient(adminUrl, work))
  try {
    await session(async (admin) => {
      await admin.query('SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtext($1))', [PROVISIONING_LOCK_KEY])
      try {
        if (options.reuseIfUnchanged && (await provisionedAlready(admin, options, password))) return
        await inTransaction(admin, async () => {
          await provisionRole(admin, options, password)
          await closeDatabases(admin, options)
        })
        for (const database of options.databases)
          await withClient(withDatabase(adminUrl, database), (client) => inTransaction(client, () => restrictDatabase(client, options)))
        await writeProvisioningStamp(admin, options, password)
      } finally {
        // A session of our own ends (and its lock with it) right after; the caller's goes on.
        if (connection) await admin.query('SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtext($1))', [PROVISIONING_LOCK_KEY])
      }
    })
  } catch (error) {
    if (error instanceof SandboxUnavailableError) throw error
    const detail = redactSecrets(String((error as Error).message), secrets)
    throw new SandboxUnavailableError(detail, `Provisioning the SQL sandbox role failed: ${detail}`)
  }
  return {
    role: options.roleName,
    password,
    learnerUrl: (database) => {
      if (!options.databases.includes(database))
        throw new Error(`The sandbox role was not granted database ${database}`)
      return urlFor(adminUrl, options.roleName, password, database)
    },
  }
}
