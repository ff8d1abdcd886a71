// The connection budget on a real PostgreSQL: a process grading across many databases (hidden
// variants, killing databases) keeps at most `limit` learner connections open, closing idle ones of
// other databases first — without it, the idle pools add up to one connection per database.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnectionBudget } from './connection-budget.ts'
import { ensureSandboxRole, type SandboxRole } from './provision-role.ts'
import { createSqlSandbox } from './sql-sandbox.ts'

const clusterAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
const roleName = `learner_${randomBytes(4).toString('hex')}`
const databases = Array.from({ length: 5 }, (_, index) => `budget_${randomBytes(3).toString('hex')}_${index}`)
let role: SandboxRole
let admin: pg.Client

async function learnerConnections(): Promise<number> {
  const found = await admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE usename = $1', [roleName])
  return Number(found.rows[0]!.count)
}

beforeAll(async () => {
  admin = new pg.Client(clusterAdminUrl)
  await admin.connect()
  for (const database of databases) {
    await admin.query(`CREATE DATABASE ${database}`)
    // The role is granted the dataset schema of each database it may read.
    const url = new URL(clusterAdminUrl)
    url.pathname = `/${database}`
    const client = new pg.Client(url.toString())
    await client.connect()
    await client.query('CREATE SCHEMA nyc_taxi')
    await client.end()
  }
  role = await ensureSandboxRole(clusterAdminUrl, { databases, roleName, closeDatabasesToPublic: databases })
})

afterAll(async () => {
  for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {})
  await admin.query(`DROP OWNED BY ${roleName} CASCADE; DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
  await admin.end()
})

describe('a connection budget shared by the sandboxes of a process', () => {
  it('without one, idle pools keep a connection per database', async () => {
    const sandbox = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 2 })
    try {
      for (const database of databases) await sandbox.run(database, 'SELECT 1')
      expect(await learnerConnections()).toBe(databases.length)
    } finally {
      await sandbox.close()
    }
  })

  it('with one, runs across every database succeed on at most `limit` connections, sequential or concurrent', async () => {
    const budget = createConnectionBudget(2)
    // Two sandboxes share it, as the grading environment's main and killing sandboxes do.
    const main = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 2, connectionBudget: budget })
    const killing = createSqlSandbox({ learnerUrl: role.learnerUrl, watchdogUrl: clusterAdminUrl, poolSize: 1, connectionBudget: budget })
    try {
      for (const database of databases) {
        await main.run(database, 'SELECT 1')
        await killing.run(databases[0]!, 'SELECT 2')
        expect(budget.open()).toBeLessThanOrEqual(2)
        // PostgreSQL's count includes a backend the budget has just closed until that backend exits.
        await expect.poll(learnerConnections, { timeout: 2_000 }).toBeLessThanOrEqual(2)
      }
      const runs = Array.from({ length: 20 }, (_, index) =>
        (index % 3 === 0 ? killing : main).run(databases[index % databases.length]!, 'SELECT (SELECT count(*) FROM generate_series(1, 20000)), $$x$$ AS value'),
      )
      let peak = 0
      const sampling = setInterval(() => (peak = Math.max(peak, budget.open())), 1)
      const results = await Promise.all(runs)
      clearInterval(sampling)
      expect(results.every((result) => result.rows[0]![1] === 'x')).toBe(true)
      expect(peak).toBeLessThanOrEqual(2)
      await expect.poll(learnerConnections, { timeout: 2_000 }).toBeLessThanOrEqual(2)
    } finally {
      await Promise.all([main.close(), killing.close()])
    }
  })

  /** Pools of two connections on the first two databases, both drawing from `budget`. */
  const twoPoolsUnder = (budget: ReturnType<typeof createConnectionBudget>) =>
    [databases[0]!, databases[1]!].map((database) => {
      const pool = new pg.Pool({ connectionString: role.learnerUrl(database), max: 2 })
      budget.add(pool)
      return pool
    }) as [pg.Pool, pg.Pool]

  it("waits for its own pool's busy connection to come back rather than closing another database's idle one", async () => {
    const budget = createConnectionBudget(2, { waitMs: 5_000, ownReturnGraceMs: 3_000 })
    const [first, second] = twoPoolsUnder(budget)
    try {
      const busy = await budget.connect(first) // a run on the first database (or its reset)
      ;(await budget.connect(second)).release() // the second database's connection, idle: the budget is full
      const busyPid = (busy as unknown as { processID: number }).processID
      // The first database's connection comes back a moment after a second checkout there asks.
      setTimeout(() => busy.release(), 20)
      const again = await budget.connect(first)
      expect((again as unknown as { processID: number }).processID).toBe(busyPid)
      expect(budget.evicted).toBe(0)
      expect(second.idleCount).toBe(1)
      again.release()
      // Past the grace (nothing of its own comes back), the idle connection of the other database makes room.
      const quick = createConnectionBudget(2, { waitMs: 5_000, ownReturnGraceMs: 0 })
      for (const pool of [first, second]) quick.add(pool)
      const held = await quick.connect(first)
      const another = await quick.connect(first)
      expect(quick.evicted).toBe(1)
      expect(second.totalCount).toBe(0)
      held.release()
      another.release()
      for (const pool of [first, second]) quick.remove(pool)
    } finally {
      budget.remove(first)
      budget.remove(second)
      await Promise.all([first.end(), second.end()])
    }
  })

  it('hands out an idle connection at once, not after a checkout that waits for room on another database', async () => {
    const budget = createConnectionBudget(1, { waitMs: 5_000 })
    const [first, second] = twoPoolsUnder(budget)
    try {
      const held = await budget.connect(first) // the budget's one connection, busy
      let waiterGotIn = false
      // A checkout on another database: no room, so it waits (the budget's turn) until a connection is idle.
      const waiter = budget.connect(second).then((client) => {
        waiterGotIn = true
        return client
      })
      await new Promise((resolve) => setTimeout(resolve, 50))
      // The first connection comes back idle, and in the same moment its own pool asks for one again: it
      // gets that idle connection at once instead of queueing behind the waiter (which would take it away).
      held.release()
      const again = await Promise.race([budget.connect(first), new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000))])
      expect(again).not.toBeNull()
      expect(waiterGotIn).toBe(false)
      expect(budget.open()).toBe(1)
      again!.release()
      ;(await waiter).release()
      expect(budget.open()).toBeLessThanOrEqual(1)
    } finally {
      budget.remove(first)
      budget.remove(second)
      await Promise.all([first.end(), second.end()])
    }
  })
})
