// The Run button's limits, shared by every web process: one Run in flight per learner, and at most
// `capacity` Runs at once on the whole site. Held as PostgreSQL advisory locks in the platform
// database, inside a transaction that lasts as long as the Run: two processes see the same locks,
// and a process that dies mid-Run releases its locks with its connection (nothing to clean up).
import { db } from './db/client.ts'
import { AppError, UnavailableError } from './errors.ts'

/** What a refused Run is told to wait: a query's statement timeout is a few seconds. */
const BUSY_RETRY_SECONDS = 5
/** Longer than any Run (statement timeout, watchdog, waiting for a preview connection). */
const LEASE_TIMEOUT_MS = 60_000

export class RunInFlightError extends AppError {
  constructor() {
    super('rate_limited', 'Your previous query is still running. Wait for it to finish, then run again.', {}, 1)
  }
}

export class RunCapacityFullError extends UnavailableError {
  constructor() {
    super('Many queries are running right now. Please run yours again in a few seconds.', BUSY_RETRY_SECONDS)
  }
}

// Advisory locks take a bigint; hashtextextended gives 64 bits of a namespaced text key.
const learnerKey = (userId: string) => `syllabus:sql-run:learner:${userId}`
const slotKey = (slot: number) => `syllabus:sql-run:slot:${slot}`

/**
 * Runs `run` while holding the learner's lock and one of `capacity` site-wide slots; refuses at once
 * (RunInFlightError, 429) when the learner has a Run anywhere, or (RunCapacityFullError, 503) when
 * every slot is taken.
 */
export async function withSqlRunLease<T>(userId: string, capacity: number, run: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const tryLock = async (key: string) =>
        (await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS locked`)[0]!.locked
      if (!(await tryLock(learnerKey(userId)))) throw new RunInFlightError()
      let slot = 0
      while (slot < capacity && !(await tryLock(slotKey(slot)))) slot += 1
      if (slot === capacity) throw new RunCapacityFullError()
      return run()
    },
    { timeout: LEASE_TIMEOUT_MS, maxWait: 5_000 },
  )
}
