// The grading worker's client: named prepared statements (parsed once per connection, not on every
// call) and a pool sized to its jobs in flight, on the real PostgreSQL of the test run.
import { afterEach, describe, expect, it } from 'vitest'
import { configureDbClient, db, dbPool, disconnectDb } from './client.ts'

afterEach(async () => {
  await disconnectDb()
})

describe('configureDbClient', () => {
  it('with named statements, prepares a statement once per connection and keeps giving each call its own values', async () => {
    await disconnectDb()
    configureDbClient({ poolMax: 1, namedStatements: true })
    const values = []
    for (let n = 1; n <= 8; n++) {
      const [row] = await db.$queryRaw<{ n: number; label: string }[]>`SELECT ${n}::int AS n, ${`call ${n}`}::text AS label`
      values.push([row!.n, row!.label])
    }
    // Past the fifth run PostgreSQL may switch to a generic plan: the values must still be each call's.
    expect(values).toEqual(Array.from({ length: 8 }, (_, index) => [index + 1, `call ${index + 1}`]))
    const prepared = await db.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`
    const ours = prepared.filter((row) => row.statement.includes('AS label'))
    expect(ours).toHaveLength(1)
    expect(ours[0]!.name).toMatch(/^s_[0-9a-f]{24}$/)
  })

  it('without it (the web server), prepares nothing by name', async () => {
    await disconnectDb()
    configureDbClient({})
    await db.$queryRaw`SELECT ${1}::int AS unnamed`
    const prepared = await db.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements`
    expect(prepared).toEqual([])
  })

  it('dbPool is the pool under Prisma: one pool size for both, a named statement prepared once per connection, ended by disconnectDb', async () => {
    await disconnectDb()
    configureDbClient({ poolMax: 1 })
    const pool = dbPool()
    const values = []
    for (let n = 1; n <= 7; n++) values.push((await pool.query<{ kept_n: number }>({ name: 'kept', text: 'SELECT $1::int AS kept_n', values: [n] })).rows[0]!.kept_n)
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7])
    // Prisma's statements run on the same single connection: it sees the statement that pool prepared.
    const prepared = await db.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`
    expect(prepared).toEqual([{ name: 'kept', statement: 'SELECT $1::int AS kept_n' }])
    expect(pool.totalCount).toBe(1)
    await disconnectDb()
    expect(pool.ended).toBe(true)
    expect(dbPool()).not.toBe(pool)
  })

  it('refuses once the client has run a query, so no process half-applies it', async () => {
    await disconnectDb()
    configureDbClient({})
    await db.$queryRaw`SELECT 1`
    expect(() => configureDbClient({ namedStatements: true })).toThrow(/before the first query/)
  })
})
