// A cap on the sandbox connections one process keeps open across all its databases. The learner role
// has a CONNECTION LIMIT for the whole cluster (provision-role.ts, 40 by default), while a grading
// process keeps a pool per database: the public variant, eight hidden variants drawn at random per
// attempt, a few killing databases per question. Idle connections to every variant would add up past
// the role's limit — two workers at postgres concurrency 2 could hold 2 × (1 + 8 + killing) × 2 — and
// every further grade would fail with "too many connections for role". So before a pool opens a new
// connection, the budget closes an idle one of another pool, or waits for one to become idle.
import type pg from 'pg'

export interface ConnectionBudget {
  /** The most connections the pools it serves keep open together. */
  readonly limit: number
  /** A connection from `pool`: an idle one, or a new one once the process is under its limit. */
  connect(pool: pg.Pool): Promise<pg.PoolClient>
  /** Counts a pool's connections towards the limit (and lets the budget close its idle ones). */
  add(pool: pg.Pool): void
  remove(pool: pg.Pool): void
  /** Connections open now in the pools it serves. */
  open(): number
  /** Idle connections it has closed to make room (a measure of reconnects, for benchmarks). */
  readonly evicted: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * How long a checkout waits for one of its own pool's connections to come back before it closes
 * another database's idle connection to open a new one. A grade's connection goes back to its pool
 * after its ROLLBACK and DISCARD ALL, which run after the run returned (sql-sandbox.ts): a grade that
 * follows another at once (a SQL batch, decision 031) found the previous one's connection still
 * resetting, and the budget closed and opened a connection for it (a backend start and an
 * authentication, tens of milliseconds of PostgreSQL's CPU) where a millisecond's wait would do.
 */
export const OWN_RETURN_GRACE_MS = 50

export function createConnectionBudget(limit: number, options: { waitMs?: number; ownReturnGraceMs?: number } = {}): ConnectionBudget {
  const pools = new Set<pg.Pool>()
  const waitMs = options.waitMs ?? 10_000
  const ownReturnGraceMs = options.ownReturnGraceMs ?? OWN_RETURN_GRACE_MS
  const open = () => [...pools].reduce((sum, pool) => sum + pool.totalCount, 0)
  // One "is there room? then open" at a time: concurrent checkouts must not all take the same free slot.
  let turn: Promise<unknown> = Promise.resolve()
  let evicted = 0

  /** Idle connections no checkout is already waiting for: pool.connect() hands one of them out without opening a new one. */
  const spareIdle = (pool: pg.Pool) => pool.idleCount - pool.waitingCount

  async function makeRoom(target: pg.Pool) {
    const deadline = performance.now() + waitMs
    const graceOver = performance.now() + ownReturnGraceMs
    // Until there is room, or the pool itself has a connection back to reuse.
    while (open() >= limit && spareIdle(target) <= 0) {
      // The pool's own connections are out (running, or resetting after a run): one back soon is
      // cheaper than closing another database's and opening one here (OWN_RETURN_GRACE_MS).
      if (target.totalCount - target.idleCount > 0 && performance.now() < graceOver) {
        await sleep(1)
        continue
      }
      const donor = [...pools].filter((pool) => pool !== target && spareIdle(pool) > 0).sort((a, b) => spareIdle(b) - spareIdle(a))[0]
      if (donor) {
        // An idle client is handed out at once; released with `true`, the pool closes it.
        const client = await donor.connect()
        client.release(true)
        evicted++
        continue
      }
      // Every connection is busy: one comes back within a statement timeout. Past the wait, let the
      // database answer (the grade then fails as an infrastructure error and is retried).
      if (performance.now() > deadline) return
      await sleep(5)
    }
  }

  return {
    limit,
    open,
    get evicted() {
      return evicted
    },
    add: (pool) => void pools.add(pool),
    remove: (pool) => void pools.delete(pool),
    connect(pool) {
      const max = (pool as unknown as { options: { max: number } }).options.max
      // Nothing new to open — a spare idle connection to reuse, or a full pool that will hand one back:
      // straight to the pool, never queued behind a checkout waiting for room on another database (that
      // queue made every grade wait for the slowest one). pg.Pool takes the idle client synchronously,
      // so the next caller already sees it gone.
      if (spareIdle(pool) > 0 || pool.totalCount >= max) return pool.connect()
      const opening = turn.then(async () => {
        // Asked again at this turn (another checkout may have taken the idle connection meanwhile):
        // still nothing to open, or make room first. pg.Pool counts a new client at once (before it is
        // connected), so the next turn sees it.
        if (spareIdle(pool) <= 0 && pool.totalCount < max) await makeRoom(pool)
        return { client: pool.connect() }
      })
      turn = opening.catch(() => undefined)
      return opening.then(({ client }) => client)
    },
  }
}
