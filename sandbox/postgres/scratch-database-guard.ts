// Bounds what a run may do to the grading cluster through its scratch database, from outside the
// learner's sessions: the database's size (what its tables and indexes hold: temp_file_limit, a role
// setting only a superuser may change, bounds the spill files of sorts and hashes) and the CPU time
// its connections used. Over either bound, the one-off role loses LOGIN, every session on the
// database is terminated and `onLimit` is called once (the grader then stops the container).
// CPU time is read from /proc/<pid>/stat of each backend, so it is measured only where the cluster
// runs on this host (the embedded cluster of `npm start`); elsewhere only statement_timeout, the
// run's deadline and the connection limit bound it.
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { z } from 'zod'
import { quoteIdentifier } from './identifiers.ts'
import type { ScratchDatabase } from './scratch-database.ts'

export const scratchGuardLimitsSchema = z.object({
  /** Bytes the database may grow by over its size when the guard started (the template's copy). */
  maxGrowthBytes: z.number().int().positive().default(256 * 1024 * 1024),
  /** CPU time (user + system) all the database's backends may use together. */
  maxCpuMs: z.number().int().positive().default(30_000),
  pollMs: z.number().int().positive().default(250),
})
export type ScratchGuardLimits = z.input<typeof scratchGuardLimitsSchema>

export type ScratchLimit = 'disk' | 'cpu'

export interface ScratchGuard {
  /** Which bound the run crossed, or null. */
  readonly tripped: ScratchLimit | null
  /** Stops watching (the sessions are left alone); resolves once the last poll is done. */
  stop(): Promise<void>
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ, 100 on every architecture Docker runs on). */
const USER_HZ = 100

/** utime + stime of a process in ms, or null when it is not visible from here. */
async function cpuMsOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : null
  } catch {
    return null
  }
}

export function guardScratchDatabase(
  adminUrl: string,
  scratch: ScratchDatabase,
  limitsInput: ScratchGuardLimits,
  onLimit: (limit: ScratchLimit) => void,
): ScratchGuard {
  const limits = scratchGuardLimitsSchema.parse(limitsInput)
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'syllabus-scratch-guard' })
  admin.on('error', () => {})
  let tripped: ScratchLimit | null = null
  let stopped = false
  let baseline: number | null = null
  // The most CPU each backend was seen to use: a session that ended still counts.
  const cpuByPid = new Map<number, number>()

  const trip = async (limit: ScratchLimit) => {
    tripped = limit
    await admin.query(`ALTER ROLE ${quoteIdentifier(scratch.role)} NOLOGIN`).catch(() => {})
    await admin
      .query('SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid()', [
        scratch.database,
      ])
      .catch(() => {})
    onLimit(limit)
  }

  const poll = async () => {
    const { rows } = await admin.query<{ size: string; pids: number[] | null }>(
      `SELECT pg_catalog.pg_database_size($1)::text AS size,
              (SELECT array_agg(pid) FROM pg_catalog.pg_stat_activity WHERE datname = $1) AS pids`,
      [scratch.database],
    )
    const size = Number(rows[0]!.size)
    baseline ??= size
    for (const pid of rows[0]!.pids ?? []) {
      const used = await cpuMsOf(pid)
      if (used !== null) cpuByPid.set(pid, Math.max(used, cpuByPid.get(pid) ?? 0))
    }
    const cpuMs = [...cpuByPid.values()].reduce((sum, used) => sum + used, 0)
    if (size - baseline > limits.maxGrowthBytes) await trip('disk')
    else if (cpuMs > limits.maxCpuMs) await trip('cpu')
  }

  const running = (async () => {
    try {
      await admin.connect()
      while (!stopped && !tripped) {
        await poll().catch(() => {})
        if (!stopped && !tripped) await new Promise((resolve) => setTimeout(resolve, limits.pollMs))
      }
    } finally {
      await admin.end().catch(() => {})
    }
  })().catch(() => {})

  return {
    get tripped() {
      return tripped
    },
    async stop() {
      stopped = true
      await running
    },
  }
}
