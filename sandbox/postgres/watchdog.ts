// Ends runs that outlive their deadline, from outside the learner's session: statement_timeout
// lives inside the session and covers one statement; the watchdog covers the whole run and does not
// depend on the session cooperating. Cancel first, then terminate, then drop the socket locally.
import pg from 'pg'

export interface WatchdogTarget {
  /** Backend process id of the learner connection. */
  pid: number
  /** application_name set for this run only, so a late signal never hits the connection's next run. */
  runTag: string
  /** Closes the socket from our side: the last resort if the server does not answer. */
  dropConnection(): void
}

export interface ArmedWatchdog {
  /** True once the deadline passed (or `stopNow` was called) and the watchdog acted. */
  readonly fired: boolean
  /** Acts at once instead of at the deadline: cancel now, terminate and drop after the grace periods. */
  stopNow(): void
  disarm(): void
}

export class Watchdog {
  private readonly pool: pg.Pool

  constructor(adminUrl: string) {
    this.pool = new pg.Pool({
      connectionString: adminUrl,
      max: 2,
      idleTimeoutMillis: 30_000,
      application_name: 'syllabus-sql-watchdog',
    })
    // Idle admin connections that die are replaced on the next use.
    this.pool.on('error', () => {})
  }

  arm(target: WatchdogTarget, deadlineMs: number, graceMs: number): ArmedWatchdog {
    let fired = false
    let disarmed = false
    const timers: NodeJS.Timeout[] = []
    const signal = async (fn: 'pg_cancel_backend' | 'pg_terminate_backend') => {
      if (disarmed) return
      fired = true
      await this.pool
        .query(`SELECT pg_catalog.${fn}(pid) FROM pg_catalog.pg_stat_activity WHERE pid = $1 AND application_name = $2`, [
          target.pid,
          target.runTag,
        ])
        .catch(() => {
          // The admin connection failing must not save the run: the local drop below still comes.
        })
    }
    const schedule = (cancelAfterMs: number) => {
      for (const timer of timers.splice(0)) clearTimeout(timer)
      timers.push(setTimeout(() => void signal('pg_cancel_backend'), cancelAfterMs))
      timers.push(setTimeout(() => void signal('pg_terminate_backend'), cancelAfterMs + graceMs))
      timers.push(
        setTimeout(() => {
          if (disarmed) return
          fired = true
          target.dropConnection()
        }, cancelAfterMs + 2 * graceMs),
      )
      for (const timer of timers) timer.unref()
    }
    schedule(deadlineMs + graceMs)
    return {
      get fired() {
        return fired
      },
      stopNow() {
        if (!disarmed) schedule(0)
      },
      disarm() {
        disarmed = true
        for (const timer of timers) clearTimeout(timer)
      },
    }
  }

  async close() {
    await this.pool.end()
  }
}
