// The scratch sweep on a schedule: each scratch database drops itself at the end of its lifetime
// (scratch-database.ts), but a worker that crashed or lost its admin connection leaves it behind.
// The worker runs this sweep every few minutes, so a leftover lives at most lifetime + interval.
import { sweepScratchDatabases } from './scratch-database.ts'

export interface ScheduledScratchSweep {
  /** Stops the schedule; resolves once a sweep under way has finished. */
  stop(): Promise<void>
}

export interface ScratchSweepSchedule {
  everyMs?: number
  /** Only names older than this are dropped (a run may still be using a younger one). */
  olderThanMs?: number
  prefix?: string
  onSwept?: (names: string[]) => void
  onError?: (error: unknown) => void
}

export function scheduleScratchSweep(
  adminUrl: string,
  { everyMs = 5 * 60 * 1000, olderThanMs = 20 * 60 * 1000, prefix, onSwept, onError }: ScratchSweepSchedule = {},
): ScheduledScratchSweep {
  let current: Promise<void> = Promise.resolve()
  const sweep = () => {
    current = sweepScratchDatabases(adminUrl, { olderThanMs, ...(prefix ? { prefix } : {}) }).then(
      (names) => {
        if (names.length > 0) onSwept?.(names)
      },
      (error: unknown) => onError?.(error),
    )
  }
  sweep()
  const timer = setInterval(sweep, everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await current
    },
  }
}
