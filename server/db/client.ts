// The one Prisma client of a process. Secret columns are omitted unless a query asks for them.
import { createHash } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import { readEnv } from '../env.ts'
import { PrismaClient, type Prisma } from './generated/client.ts'

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

/**
 * The texts of the statements every process keeps prepared (`keepPrepared`): on globalThis like the
 * client, so a bundle holding a second copy of this module registers them with the client in use.
 */
const keptPrepared: Set<string> = ((globalThis as unknown as { syllabusKeptPrepared?: Set<string> }).syllabusKeptPrepared ??= new Set<string>())

/**
 * A raw statement to keep prepared on each connection, whatever `namedStatements` says: for a large
 * statement read on every view of a page (the homework page's learner's part), whose planning costs
 * PostgreSQL several times what running it does; a prepared one is planned once per connection (then
 * PostgreSQL's generic plan). Its text must not depend on the values (they are parameters), so one
 * name serves every call.
 */
export function keepPrepared(statement: Prisma.Sql): Prisma.Sql {
  keptPrepared.add(statement.text)
  return statement
}

function createClient(connectionString: string, options: DbClientOptions = {}) {
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString, ...(options.poolMax ? { max: options.poolMax } : {}) },
      // Unnamed (parsed and planned on every call) unless asked for: the adapter passes an undefined name on to pg.
      { statementNameGenerator: (query) => (options.namedStatements || keptPrepared.has(query.sql) ? statementName(query) : (undefined as unknown as string)) },
    ),
    omit: { user: { passwordHash: true } },
  })
}

export type Db = ReturnType<typeof createClient>

const globalForDb = globalThis as unknown as { syllabusDb?: Db; syllabusDbOptions?: DbClientOptions }

/** Sets how this process's client is made; call before its first query (or after disconnectDb). */
export function configureDbClient(options: DbClientOptions) {
  if (globalForDb.syllabusDb) throw new Error('configureDbClient must run before the first query of the process')
  globalForDb.syllabusDbOptions = options
}

/** Created on first use so that importing this module never needs a database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    if (!globalForDb.syllabusDb) {
      const url = readEnv().DATABASE_URL
      if (!url) throw new Error('DATABASE_URL is not set; start the platform with `npm start`.')
      globalForDb.syllabusDb = createClient(url, globalForDb.syllabusDbOptions)
    }
    const value = Reflect.get(globalForDb.syllabusDb, property)
    return typeof value === 'function' ? value.bind(globalForDb.syllabusDb) : value
  },
})

export async function disconnectDb() {
  await globalForDb.syllabusDb?.$disconnect()
  globalForDb.syllabusDb = undefined
}

export * from './generated/client.ts'
