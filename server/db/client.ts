// The one Prisma client of a process. Secret columns are omitted unless a query asks for them.
import { createHash } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { readEnv } from '../env.ts'
import { logger } from '../logger.ts'
import { PrismaClient } from './generated/client.ts'

/** How a process's client talks to PostgreSQL; the defaults suit the web server. */
export interface DbClientOptions {
  /** Connections in the pool (node-postgres's default is 10). A worker needs one per job in flight. */
  poolMax?: number
  /**
   * Named prepared statements: each statement is parsed once per connection and, after a few runs,
   * planned once (PostgreSQL's generic plan), instead of parsed and planned on every call. For a
   * process that runs the same few statements all day (the grading worker); the web server runs too
   * many shapes of statement to keep them all prepared on every connection. Not through a pooler in
   * transaction mode (PgBouncer before 1.21), which cannot keep a statement on a connection.
   */
  namedStatements?: boolean
}

/** A statement's name is its text's hash, so one name never stands for two texts. */
const statementNames = new Map<string, string>()
function statementName({ sql }: { sql: string }): string {
  let name = statementNames.get(sql)
  if (!name) {
    name = `s_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    statementNames.set(sql, name)
  }
  return name
}

function createClient(connectionString: string, options: DbClientOptions = {}) {
  const pool = new pg.Pool({ connectionString, ...(options.poolMax ? { max: options.poolMax } : {}) })
  // Prisma listens only while connected; an idle connection's error must never be unhandled.
  pool.on('error', (error) => logger.warn({ err: error }, 'an idle database connection failed'))
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, {
      // Unnamed (parsed and planned on every call) unless asked for: the adapter passes an undefined name on to pg.
      statementNameGenerator: (query) => (options.namedStatements ? statementName(query) : (undefined as unknown as string)),
    }),
    omit: { user: { passwordHash: true } },
  })
  return { client, pool }
}

export type Db = ReturnType<typeof createClient>['client']

const globalForDb = globalThis as unknown as { syllabusDb?: Db; syllabusPool?: pg.Pool; syllabusDbOptions?: DbClientOptions }

/** Sets how this process's client is made; call before its first query (or after disconnectDb). */
export function configureDbClient(options: DbClientOptions) {
  if (globalForDb.syllabusDb) throw new Error('configureDbClient must run before the first query of the process')
  globalForDb.syllabusDbOptions = options
}

function connected(): { client: Db; pool: pg.Pool } {
  if (!globalForDb.syllabusDb || !globalForDb.syllabusPool) {
    const url = readEnv().DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set; start the platform with `npm start`.')
    const { client, pool } = createClient(url, globalForDb.syllabusDbOptions)
    globalForDb.syllabusDb = client
    globalForDb.syllabusPool = pool
  }
  return { client: globalForDb.syllabusDb, pool: globalForDb.syllabusPool }
}

/** Created on first use so that importing this module never needs a database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const { client } = connected()
    const value = Reflect.get(client, property)
    return typeof value === 'function' ? value.bind(client) : value
  },
})

/**
 * The connection pool under `db` (node-postgres), for the one statement read on every view of a page
 * (the homework page's learner's part, server/learners/homework-learner.ts): through Prisma, a raw
 * statement's results pass its query engine's conversion, ~13 % of the web process's CPU under load
 * (docs/benchmarks.md, "Pages", session 8). Sent with a name, so it is prepared once per connection.
 * Its results come with node-postgres's own type parsing: timestamps must be timestamptz, JSON is parsed.
 */
export function dbPool(): pg.Pool {
  return connected().pool
}

export async function disconnectDb() {
  const { syllabusDb: client, syllabusPool: pool } = globalForDb
  globalForDb.syllabusDb = undefined
  globalForDb.syllabusPool = undefined
  await client?.$disconnect()
  await pool?.end()
}

export * from './generated/client.ts'
