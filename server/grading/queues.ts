// The grading queues on pg-boss (schema `pgboss` of the app database): one queue per engine, so a
// slow engine never holds up the others, and one dead-letter queue where runs go after their last
// retry. A job carries only the GradingRun id; everything else is read from the database.
import { PgBoss, type Queue } from 'pg-boss'
import { z } from 'zod'
import { engines, type EngineName } from '../../graders/grade-result.ts'

export const PGBOSS_SCHEMA = 'pgboss'
export const DEAD_LETTER_QUEUE = 'grade.dead-letter'

export function queueForEngine(engine: EngineName): string {
  return `grade.${engine}`
}

/** Engines whose jobs are grouped by learner: one in flight per learner, a fair share of the queue (run-lifecycle.ts, worker.ts). */
export const ONE_JOB_PER_LEARNER: readonly EngineName[] = ['python']

export const gradingJobData = z.object({ runId: z.string().min(1) })
export type GradingJobData = z.infer<typeof gradingJobData>

/** Retries and time limits of one engine's queue (pg-boss queue options). */
export const queuePolicySchema = z.object({
  /** Retries after an infrastructure failure or a crash; then the run is dead-lettered. */
  retryLimit: z.number().int().min(0).default(3),
  /** Seconds before the first retry; doubled (with jitter) each time. */
  retryDelay: z.number().int().min(0).default(5),
  retryBackoff: z.boolean().default(true),
  retryDelayMax: z.number().int().min(1).default(120),
  /** A job active longer than this is presumed lost and retried: the bound on a grade that hangs. */
  expireInSeconds: z.number().int().min(1).default(300),
  /**
   * The worker holding a job refreshes it every half of this; a job not refreshed for this long (its
   * worker was killed or lost its database) is failed by the supervisor and retried elsewhere, long
   * before its expiry. pg-boss's minimum is 10.
   */
  heartbeatSeconds: z.number().int().min(10).default(10),
  /**
   * A new job wakes the workers of this queue at once (a NOTIFY in the job's own INSERT, heard by
   * workers started with `listen`), instead of after their polling interval: a learner waiting for
   * a python verdict should not wait up to a second for the worker to look. Polling stays as the floor.
   */
  notify: z.boolean().default(false),
})
export type QueuePolicy = z.infer<typeof queuePolicySchema>
export type QueuePolicyInput = z.input<typeof queuePolicySchema>

const defaultExpiry: Record<EngineName, number> = { quiz: 60, postgres: 300, bigquery: 300, python: 900 }
/**
 * Queues whose jobs wake workers at once. Python: one learner waits for one verdict, and the wait for
 * the next poll (up to 1 s) was most of a warm verdict's time. A busy queue is drained in bursts
 * anyway, so the high-volume queues (quiz, postgres) keep polling and spare the NOTIFY per job.
 */
const defaultNotify: Record<EngineName, boolean> = { quiz: false, postgres: false, bigquery: false, python: true }

export function queuePolicies(overrides: Partial<Record<EngineName, QueuePolicyInput>> = {}): Record<EngineName, QueuePolicy> {
  return Object.fromEntries(
    engines.map((engine) => [engine, queuePolicySchema.parse({ expireInSeconds: defaultExpiry[engine], notify: defaultNotify[engine], ...overrides[engine] })]),
  ) as Record<EngineName, QueuePolicy>
}

/**
 * Creates the queues if they are missing (pg-boss's createQueue leaves an existing queue alone).
 * Workers own the policies and pass `applyPolicies` so that a changed configuration takes effect.
 */
export async function ensureGradingQueues(
  boss: PgBoss,
  policies: Record<EngineName, QueuePolicy> = queuePolicies(),
  { applyPolicies = false }: { applyPolicies?: boolean } = {},
) {
  // Dead-lettered jobs are kept two weeks so that an instructor can still see them.
  await boss.createQueue(DEAD_LETTER_QUEUE, { retryLimit: 5, retryDelay: 5, retentionSeconds: 14 * 24 * 3600 })
  for (const engine of engines) {
    // pg-boss accepts a maximum delay only with backoff.
    const { retryDelayMax, ...policy } = policies[engine]
    const queue: Omit<Queue, 'name'> = { ...policy, ...(policy.retryBackoff ? { retryDelayMax } : {}), deadLetter: DEAD_LETTER_QUEUE }
    await boss.createQueue(queueForEngine(engine), queue)
    if (applyPolicies) await boss.updateQueue(queueForEngine(engine), { ...policy, retryDelayMax: policy.retryBackoff ? retryDelayMax : null })
  }
}

export interface GradingBossOptions {
  databaseUrl: string
  /** Expire lost jobs and move exhausted ones to the dead-letter queue (workers: yes; web: no). */
  supervise: boolean
  superviseIntervalSeconds?: number
  /** Pool size of pg-boss's own connections. */
  max?: number
  instanceName?: string
  /** Hold a LISTEN connection so that jobs on `notify` queues wake this instance's workers at once (workers: yes). */
  listen?: boolean
}

export async function startGradingBoss(options: GradingBossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: PGBOSS_SCHEMA,
    supervise: options.supervise,
    schedule: false,
    migrate: true,
    max: options.max ?? 4,
    ...(options.superviseIntervalSeconds ? { superviseIntervalSeconds: options.superviseIntervalSeconds, monitorIntervalSeconds: options.superviseIntervalSeconds } : {}),
    ...(options.instanceName ? { instanceName: options.instanceName } : {}),
    openTelemetry: { enabled: false },
    ...(options.listen ? { useListenNotify: true } : {}),
  })
  await boss.start()
  return boss
}
