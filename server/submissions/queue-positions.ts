// Places in the grading line for the submissions waiting on this web process's event streams. The line
// moves without a NOTIFY for a waiting submission, so its place must be read again now and then. One
// timer and one query serve every waiting stream: at deadline time a thousand learners waiting used to
// mean a thousand re-reads of their submissions every few seconds (three queries each), which kept the
// web server's pool busy and slowed every page and submit.
import { db } from '../db/client.ts'
import { logger } from '../logger.ts'

/** How often the line is read while anyone waits. */
export const QUEUE_REFRESH_MS = 3_000

type Listener = (position: number) => void

/** Run id → who waits for its place. */
const watchers = new Map<string, Set<Listener>>()
let timer: ReturnType<typeof setInterval> | null = null
let reading = false

/**
 * The place of each of `runIds` that is still queued: 1 + the runs of the same engine queued before it
 * (a count, never whose: a learner learns how long the line is, nothing about the others in it).
 */
export async function queuePositions(runIds: string[]): Promise<Map<string, number>> {
  if (runIds.length === 0) return new Map()
  const rows = await db.$queryRaw<{ id: string; position: number }[]>`
    SELECT id, position::int AS position
      FROM (SELECT id, rank() OVER (PARTITION BY engine ORDER BY "queuedAt") AS position
              FROM "GradingRun" WHERE status = 'queued') AS line
     WHERE id = ANY(${runIds}::text[])`
  return new Map(rows.map((row) => [row.id, row.position]))
}

/** Calls `listener` with the run's place every QUEUE_REFRESH_MS while it is queued; returns the way to stop. */
export function watchQueuePosition(runId: string, listener: Listener): () => void {
  let listeners = watchers.get(runId)
  if (!listeners) watchers.set(runId, (listeners = new Set()))
  listeners.add(listener)
  timer ??= setInterval(() => void readLine(), QUEUE_REFRESH_MS)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) watchers.delete(runId)
    if (watchers.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

async function readLine() {
  // A slow read is not stacked on: the next tick reads the line as it is then.
  if (reading || watchers.size === 0) return
  reading = true
  try {
    const positions = await queuePositions([...watchers.keys()])
    for (const [runId, position] of positions) for (const listener of watchers.get(runId) ?? []) listener(position)
  } catch (error) {
    logger.warn({ err: error }, 'live status: reading the grading line failed')
  } finally {
    reading = false
  }
}
