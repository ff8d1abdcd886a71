import 'server-only'
// Live status of a submission over Server-Sent Events, driven by LISTEN/NOTIFY. One LISTEN
// connection per web process fans notifications out to the streams that are open: a notification
// carries only a run id; the listener looks up that run's submission once and wakes that
// submission's subscribers, which re-read the row (and its ownership) before sending anything.
import pg from 'pg'
import { db } from '../db/client.ts'
import { readEnv } from '../env.ts'
import { logger } from '../logger.ts'
import { GRADING_RUN_CHANNEL } from '../grading/run-lifecycle.ts'
import { isFinalSubmissionStatus } from '../grading/status.ts'
import { getSubmissionForOwner, type SubmissionView } from './read-submission.ts'
import { watchQueuePosition } from './queue-positions.ts'

type Wake = () => void

class GradingRunListener {
  private client: pg.Client | null = null
  private connecting: Promise<void> | null = null
  private readonly subscribers = new Map<string, Set<Wake>>()
  private reconnectDelayMs = 500

  constructor(private readonly databaseUrl: () => string) {}

  /** Calls `wake` whenever a run of the submission changes (and after a reconnect, when one may have been missed). */
  async subscribe(submissionId: string, wake: Wake): Promise<() => void> {
    let set = this.subscribers.get(submissionId)
    if (!set) this.subscribers.set(submissionId, (set = new Set()))
    set.add(wake)
    await this.connect()
    return () => {
      set.delete(wake)
      if (set.size === 0) this.subscribers.delete(submissionId)
    }
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve()
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl(), application_name: 'syllabus-live-status' })
      client.on('notification', (message) => void this.dispatch(message.payload ?? ''))
      client.on('error', (error) => this.lost(client, error))
      client.on('end', () => this.lost(client, new Error('connection ended')))
      await client.connect()
      await client.query(`LISTEN ${GRADING_RUN_CHANNEL}`)
      this.client = client
      this.reconnectDelayMs = 500
    })().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private lost(client: pg.Client, error: Error) {
    if (this.client !== client) return
    this.client = null
    client.end().catch(() => {})
    if (this.subscribers.size === 0) return
    logger.warn({ err: error }, 'live status: LISTEN connection lost; reconnecting')
    const delay = this.reconnectDelayMs
    this.reconnectDelayMs = Math.min(10_000, delay * 2)
    setTimeout(() => {
      this.connect().then(
        () => this.wakeAll(), // notifications sent while we were away are lost: everyone re-reads
        (reconnectError: unknown) => this.lost(client, reconnectError as Error),
      )
    }, delay).unref()
  }

  private wakeAll() {
    for (const set of this.subscribers.values()) for (const wake of set) wake()
  }

  private async dispatch(runId: string) {
    if (this.subscribers.size === 0 || !runId) return
    const run = await db.gradingRun.findUnique({ where: { id: runId }, select: { submissionId: true } }).catch(() => null)
    const set = run && this.subscribers.get(run.submissionId)
    if (set) for (const wake of set) wake()
  }

  async close() {
    this.subscribers.clear()
    const client = this.client
    this.client = null
    await client?.end().catch(() => {})
  }
}

const globalForListener = globalThis as unknown as { syllabusRunListener?: GradingRunListener }

export function gradingRunListener(): GradingRunListener {
  globalForListener.syllabusRunListener ??= new GradingRunListener(() => {
    const url = readEnv().DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set')
    return url
  })
  return globalForListener.syllabusRunListener
}

export async function closeGradingRunListener() {
  await globalForListener.syllabusRunListener?.close()
  globalForListener.syllabusRunListener = undefined
}

export const HEARTBEAT_MS = 15_000

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/**
 * The event stream of one submission for its owner: the current status at once, then each change
 * (`queued` → `running` → `graded` | `failed`, data = the SubmissionView), a comment every 15 s so
 * proxies keep the connection, and the end after the final event. Throws NotFoundError for a
 * submission that is not the user's, before anything is streamed.
 */
export async function submissionEventStream(
  submissionId: string,
  userId: string,
  { signal, heartbeatMs = HEARTBEAT_MS }: { signal?: AbortSignal; heartbeatMs?: number } = {},
): Promise<ReadableStream<Uint8Array>> {
  const first = await getSubmissionForOwner(submissionId, userId)
  const encoder = new TextEncoder()
  let cleanup = () => {}
  let closed = false
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastSent = ''
      let reading = Promise.resolve()
      /** While the submission waits: its run, and how to stop watching that run's place in the line. */
      let watched: { runId: string; stop: () => void } | null = null
      const close = () => {
        if (closed) return
        closed = true
        cleanup()
        try {
          controller.close()
        } catch {
          // already closed by the client
        }
      }
      const send = (view: SubmissionView) => {
        if (closed) return
        const key = `${view.run?.id}:${view.status}:${view.run?.queuePosition ?? ''}:${JSON.stringify(view.run?.progress ?? null)}`
        followPlaceInLine(view)
        if (key === lastSent) return
        lastSent = key
        controller.enqueue(encoder.encode(sseEvent(view.status, view)))
        if (isFinalSubmissionStatus(view.status)) close()
      }
      // The line moves without a NOTIFY for this submission: while it waits, the process's one reader of
      // the line (queue-positions.ts) tells it its new place, and the view already sent is sent again with it.
      const followPlaceInLine = (view: SubmissionView) => {
        const runId = view.status === 'queued' ? view.run?.id : undefined
        if (watched?.runId === runId) return
        watched?.stop()
        watched = runId
          ? {
              runId,
              stop: watchQueuePosition(runId, (position) => {
                // In the same order as the re-reads, so a newer status is never followed by an older place.
                reading = reading.then(() => {
                  if (!closed && view.run && watched?.runId === runId) send({ ...view, run: { ...view.run, queuePosition: position } })
                })
              }),
            }
          : null
      }
      const reread = () => {
        // Reads happen one after another so events leave in the order the rows changed.
        reading = reading.then(async () => {
          if (closed) return
          try {
            send(await getSubmissionForOwner(submissionId, userId))
          } catch (error) {
            logger.warn({ err: error, submissionId }, 'live status: re-reading the submission failed')
            close()
          }
        })
      }
      const heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': heartbeat\n\n'))
      }, heartbeatMs)
      let unsubscribe = () => {}
      cleanup = () => {
        clearInterval(heartbeat)
        watched?.stop()
        watched = null
        unsubscribe()
        signal?.removeEventListener('abort', close)
      }
      signal?.addEventListener('abort', close)
      controller.enqueue(encoder.encode(`retry: 3000\n\n`))
      send(first)
      if (closed) return
      unsubscribe = await gradingRunListener().subscribe(submissionId, reread)
      // A change between the first read and LISTEN would otherwise be missed.
      reread()
    },
    cancel() {
      closed = true
      cleanup()
    },
  })
}
