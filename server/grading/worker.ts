// The grading worker (pg-boss consumer): takes jobs from the engine queues, runs the engine, stores
// the result through the run lifecycle (run-lifecycle.ts). Infrastructure failures (an engine `error`
// verdict, a result that breaks the GradeResult contract, a thrown exception, a timeout) are thrown
// back to pg-boss, which retries with backoff and, after the last retry, moves the job to the
// dead-letter queue, whose worker marks the run failed. A wrong answer is a result, never a retry.
// Engines get an AbortSignal that fires when the job's time is up (jobTimeoutMs) or the worker's
// graceful stop runs out of time, so a sandbox stops working for a job nobody waits for. pg-boss's own
// job.signal is not used: it also fires when a job outlives its queue expiry, and such a job may still
// store its result once (the lifecycle's compare-and-set); the timeouts here are below the expiries.
import os from 'node:os'
import type { JobResult, PgBoss } from 'pg-boss'
import { z } from 'zod'
import { EngineUnavailableError, type EngineRegistry } from '../../graders/engines.ts'
import { engines, gradeResult, type EngineName, type GradeResult, type GradingProgress } from '../../graders/grade-result.ts'
import { courseNow } from '../clock.ts'
import { loadQuestionForGrading } from '../../course/question-for-grading.ts'
import { courseReader } from '../courses/configured-course-reader.ts'
import { logger } from '../logger.ts'
import {
  DEAD_LETTER_QUEUE,
  ensureGradingQueues,
  ONE_JOB_PER_LEARNER,
  gradingJobData,
  queueForEngine,
  queuePolicies,
  type QueuePolicyInput,
  startGradingBoss,
} from './queues.ts'
import {
  deadLetterRun,
  failRun,
  noteInfrastructureFailure,
  recordGradingResults,
  type RecordGradingResultInput,
  reportRunProgress,
  startRun,
  startRuns,
  type RunToGrade,
  warmRunLifecycle,
} from './run-lifecycle.ts'

/**
 * Python jobs graded at once by default: two per core, at least two. Each sandbox may use one core
 * (sandbox/docker/config.ts `cpus`), but a run of a course answer spends most of its wall time
 * waiting on Docker (attach, the job's wake-up, the marker, the next container's create and start),
 * not computing: with one job per core a burst of 20 left the two cores about a third busy, and two
 * per core finished it in ~60 % of the time (docs/benchmarks.md, "Python"). The worker's warm pool
 * holds as many started containers per question shape, and makes that many at once when emptied.
 */
export function defaultPythonConcurrency(cores = os.availableParallelism()): number {
  return Math.max(2, 2 * cores)
}

/**
 * Engines whose batches are started and stored as a whole: one statement marks every run of the batch
 * running, and one transaction stores all their results, instead of one of each per job. For engines
 * that grade in milliseconds: quiz (in-process, a batch of thirty takes a few) and postgres (a SQL
 * answer on the public data and a hidden variant, tens of milliseconds; a batch is sixteen), so a run
 * is not shown running for long before it is, nor its result held back long behind the batch's
 * others (at most BATCH_HOLD_MS). The lifecycle writes were most of a quiz job's cost, and the
 * largest share of a SQL job's in the app database (docs/benchmarks.md, "Queue"; decisions 029, 031).
 */
export const LIFECYCLE_IN_BATCHES: readonly EngineName[] = ['quiz', 'postgres']

/**
 * How long a batch's first graded verdict may wait for the rest of the batch before the verdicts
 * graded so far are stored (the worker's `batchHoldMs`): a SQL answer that runs into its statement
 * timeout (seconds) does not hold back the results graded before it.
 */
export const BATCH_HOLD_MS = 250

/** Where a worker's time went, per engine (milliseconds summed over jobs; `--profile` of bench:queue prints it). */
export interface WorkerPhases {
  jobs: number
  /** Starts (one statement each: a batch's, or a job's). */
  batches: number
  /** Stores (one transaction each). */
  stores: number
  startMs: number
  gradeMs: number
  storeMs: number
}

function phaseCounter() {
  const byEngine = new Map<EngineName, WorkerPhases>()
  return {
    add(engine: EngineName, phase: keyof WorkerPhases, value: number) {
      let entry = byEngine.get(engine)
      if (!entry) byEngine.set(engine, (entry = { jobs: 0, batches: 0, stores: 0, startMs: 0, gradeMs: 0, storeMs: 0 }))
      entry[phase] += value
    },
    snapshot: (): Partial<Record<EngineName, WorkerPhases>> => Object.fromEntries([...byEngine].map(([engine, entry]) => [engine, { ...entry }])),
  }
}

/** How many times a result is stored before the run fails: storing never runs the engine again. */
const STORE_ATTEMPTS = 5
const STORE_FIRST_DELAY_MS = 200

export const gradingWorkerConfigSchema = z.object({
  databaseUrl: z.string().min(1),
  /** Jobs graded at once per engine in this process. */
  concurrency: z
    .record(z.enum(engines), z.number().int().min(1).max(64))
    .default(() => ({ quiz: 4, postgres: 2, bigquery: 1, python: defaultPythonConcurrency() })),
  /**
   * Jobs fetched at once per engine; a full batch makes the worker fetch again without waiting. A quiz or
   * SQL batch is also started and stored as one (LIFECYCLE_IN_BATCHES), and what each batch costs the
   * app database whatever its size (pg-boss's fetch and settle, the start, the store's transaction, their
   * planning) was most of the drain: 30/10 drained a 10 000 backlog in 20.1–21.0 s, 30/16 in 17.9–23.2 s, where 10/4 took 35 s
   * (docs/benchmarks.md, "Queue", session 9). A SQL batch's verdicts still wait at most batchHoldMs.
   */
  batchSize: z.record(z.enum(engines), z.number().int().min(1).max(100)).default({ quiz: 30, postgres: 16, bigquery: 1, python: 1 }),
  pollingIntervalSeconds: z.number().min(0.5).default(1),
  /**
   * How often this worker expires lost jobs, fails the jobs of a dead worker (heartbeat older than
   * 10 s) and dead-letters exhausted ones. A killed worker's jobs are back in the queue within
   * heartbeat + this + the retry delay: 5 s keeps that under 30 s (docs/benchmarks.md, "Deadline rush").
   */
  superviseIntervalSeconds: z.number().int().min(1).default(5),
  /** A grade taking longer than this is an infrastructure failure (the sandboxes have their own, lower limits). */
  jobTimeoutMs: z.record(z.enum(engines), z.number().int().positive()).default({ quiz: 10_000, postgres: 120_000, bigquery: 120_000, python: 600_000 }),
  workerId: z.string().default(`${os.hostname()}:${process.pid}`),
  /** See BATCH_HOLD_MS. */
  batchHoldMs: z.number().int().min(0).default(BATCH_HOLD_MS),
})
export type GradingWorkerConfig = z.input<typeof gradingWorkerConfigSchema>

export interface GradingWorkerOptions extends GradingWorkerConfig {
  engines: EngineRegistry
  queuePolicies?: Partial<Record<EngineName, QueuePolicyInput>>
  /** Stores verdicts (recordGradingResults); tests pass one that fails, to show a failed store never re-grades. */
  storeResults?: typeof recordGradingResults
}


export interface GradingWorker {
  boss: PgBoss
  workerId: string
  /** Graceful: running jobs finish (up to `timeoutMs`); unfinished ones are released to other workers. */
  stop(options?: { timeoutMs?: number }): Promise<void>
  /** Time spent starting, grading and storing since the start, per engine. */
  phases(): Partial<Record<EngineName, WorkerPhases>>
}

/** Thrown back to pg-boss so the job is retried; the message is kept on the run. */
class InfrastructureFailure extends Error {
  override name = 'InfrastructureFailure'
}

/** The engine's work, bounded: rejects with an InfrastructureFailure when `signal` fires, whether or not the engine stops. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, what: string, timeoutMs: number): Promise<T> {
  let onAbort = () => {}
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
      reject(new InfrastructureFailure(timedOut ? `${what} took longer than ${timeoutMs / 1000} s` : `${what} was stopped: ${errorMessage(signal.reason)}`))
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort))
}

/**
 * What an engine returned, checked against the GradeResult contract. A result that breaks it is our
 * failure, never a learner's verdict: it is thrown as an infrastructure failure, so the job is
 * retried and the attempt does not count.
 */
export function validEngineResult(engine: EngineName, raw: unknown): GradeResult {
  const parsed = gradeResult.safeParse(raw)
  if (!parsed.success) throw new InfrastructureFailure(`The ${engine} engine returned a result that breaks the GradeResult contract: ${z.prettifyError(parsed.error)}`)
  if (parsed.data.engine !== engine) throw new InfrastructureFailure(`The ${engine} engine returned a result of the ${parsed.data.engine} engine`)
  return parsed.data
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * An engine's progress reports for one run, written one at a time: a report that arrives while one is
 * being written waits, replacing any report already waiting (only the latest matters to the learner).
 * A failed write is logged and forgotten: progress is never worth failing a grade for.
 */
export function progressReporter(runId: string, log: Pick<typeof logger, 'warn'>): (progress: GradingProgress) => void {
  let waiting: GradingProgress | null = null
  let writing = false
  let lastSent = ''
  const pump = async () => {
    writing = true
    while (waiting) {
      const progress = waiting
      waiting = null
      await reportRunProgress(runId, progress).catch((error: unknown) => log.warn({ err: error, runId }, 'could not record grading progress'))
    }
    writing = false
  }
  return (progress) => {
    const key = JSON.stringify(progress)
    if (key === lastSent) return
    lastSent = key
    waiting = progress
    if (!writing) void pump()
  }
}

export async function startGradingWorker(options: GradingWorkerOptions): Promise<GradingWorker> {
  const config = gradingWorkerConfigSchema.parse(options)
  const log = logger.child({ workerId: config.workerId })
  // The write path warmed beside the queue's start, on as many connections as one engine runs jobs
  // at once: the first results after a start then cost what every later one does.
  const warming = warmRunLifecycle(Math.min(8, Math.max(...engines.map((engine) => config.concurrency[engine] ?? 1)))).catch((error: unknown) =>
    log.warn({ err: error }, 'warming the grading writes failed; the first results pay for it'),
  )
  const boss = await startGradingBoss({
    databaseUrl: config.databaseUrl,
    supervise: true,
    superviseIntervalSeconds: config.superviseIntervalSeconds,
    max: 2 + engines.reduce((sum, engine) => sum + (config.concurrency[engine] ?? 1), 0),
    instanceName: `grading-worker ${config.workerId}`,
    listen: true,
  })
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss reported an error'))
  await ensureGradingQueues(boss, queuePolicies(options.queuePolicies), { applyPolicies: true })
  await warming

  // Aborted when a graceful stop runs out of time: every engine still working is told to stop.
  const shutdown = new AbortController()
  const phases = phaseCounter()

  /**
   * Runs the engine on a started run: the result to store, or null when the run was failed here
   * instead (its question is gone, or its engine is unavailable). Throws an InfrastructureFailure
   * for pg-boss to retry.
   */
  async function evaluate(run: RunToGrade, engine: EngineName): Promise<RecordGradingResultInput | null> {
    const { question: questionRow } = run.submission
    const found = await loadQuestionForGrading(courseReader(), {
      courseSlug: questionRow.courseSlug,
      homeworkSlug: questionRow.homeworkSlug,
      questionSlug: questionRow.slug,
    })
    if (!found) {
      await failRun(run.id, 'This question is no longer in the course, so it cannot be graded.', { deadLettered: false })
      return null
    }
    const timeoutMs = config.jobTimeoutMs[engine] ?? 120_000
    const signal = AbortSignal.any([shutdown.signal, AbortSignal.timeout(timeoutMs)])
    let result: GradeResult
    try {
      const raw: unknown = await untilAborted(
        options.engines[engine]({ question: found.question, homework: found.homework, answer: run.submission.answer, now: courseNow(), signal, onProgress: progressReporter(run.id, log) }),
        signal,
        `Grading with the ${engine} engine`,
        timeoutMs,
      )
      result = validEngineResult(engine, raw)
    } catch (error) {
      if (error instanceof EngineUnavailableError) {
        // Nothing a retry could fix: fail now, and the learner's attempt does not count.
        await failRun(run.id, error.message, { deadLettered: false })
        return null
      }
      throw error instanceof InfrastructureFailure ? error : new InfrastructureFailure(errorMessage(error))
    }
    if (result.verdict === 'error') {
      throw new InfrastructureFailure(result.checks.map((check) => check.message).join(' ') || 'The grader reported an error')
    }
    return { runId: run.id, result, scoring: found.homework.config.scoring, workerId: config.workerId }
  }

  /**
   * Stores verdicts that exist: a failure stores again, never grades again (a re-run would cost a
   * sandbox slot for minutes and could give another verdict). After the last try the runs fail.
   */
  async function store(graded: { run: RunToGrade; input: RecordGradingResultInput }[], engine: EngineName): Promise<void> {
    if (graded.length === 0) return
    const storeResults = options.storeResults ?? recordGradingResults
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await storeResults(graded.map(({ input }) => input))
        for (const [index, { run, input }] of graded.entries()) {
          log.info({ runId: run.id, engine, verdict: input.result.verdict, stored: stored[index], attempt: run.attempts }, 'graded')
        }
        return
      } catch (error) {
        const runIds = graded.map(({ run }) => run.id)
        if (attempt >= STORE_ATTEMPTS) {
          log.error({ runIds, engine, err: error }, 'the result could not be stored; the run fails without grading again')
          for (const runId of runIds) await failRun(runId, `The result could not be stored after ${STORE_ATTEMPTS} tries: ${errorMessage(error)}`, { deadLettered: true })
          return
        }
        log.warn({ runIds, engine, attempt, err: error }, 'storing the result failed; storing again')
        await new Promise((resolve) => setTimeout(resolve, STORE_FIRST_DELAY_MS * 2 ** (attempt - 1)))
      }
    }
  }

  async function grade(run: RunToGrade, engine: EngineName): Promise<void> {
    const grading = performance.now()
    const input = await evaluate(run, engine).finally(() => phases.add(engine, 'gradeMs', performance.now() - grading))
    if (!input) return
    const storing = performance.now()
    await store([{ run, input }], engine).finally(() => {
      phases.add(engine, 'storeMs', performance.now() - storing)
      phases.add(engine, 'stores', 1)
    })
  }

  /** A job that failed: noted on its run, so the learner sees why, and thrown back to pg-boss (retried). */
  async function noteFailure(run: RunToGrade, engine: EngineName, error: unknown) {
    log.warn({ runId: run.id, engine, attempt: run.attempts, err: error }, 'grading failed; pg-boss will retry')
    await noteInfrastructureFailure(run.id, errorMessage(error)).catch(() => {})
  }

  // The learners with a one-per-learner job grading in this process. pg-boss's groupConcurrency
  // counts active jobs before its claim, so two fetches racing may both take one learner's jobs; the
  // second then waits here for the first instead of running beside it.
  const gradingLearners = new Map<string, Promise<void>>()

  async function oneAtATime(learner: string, work: () => Promise<void>) {
    for (let running = gradingLearners.get(learner); running; running = gradingLearners.get(learner)) await running.catch(() => {})
    const done = work()
    gradingLearners.set(learner, done)
    try {
      await done
    } finally {
      gradingLearners.delete(learner)
    }
  }

  /** Grades one job; throws (so pg-boss retries) on an infrastructure failure. */
  async function gradeJob(data: unknown, engine: EngineName) {
    const { runId } = gradingJobData.parse(data)
    const starting = performance.now()
    const run = await startRun(runId, config.workerId)
    phases.add(engine, 'startMs', performance.now() - starting)
    phases.add(engine, 'batches', 1)
    phases.add(engine, 'jobs', 1)
    if (!run) return // already final: a duplicate delivery, completed as a no-op
    try {
      if (ONE_JOB_PER_LEARNER.includes(engine)) await oneAtATime(`${engine}:${run.submission.userId}`, () => grade(run, engine))
      else await grade(run, engine)
    } catch (error) {
      await noteFailure(run, engine, error)
      throw error
    }
  }

  /**
   * Grades a batch of jobs with one start and one store (LIFECYCLE_IN_BATCHES): every run is started
   * at once, graded one after another, and the verdicts are stored together — or sooner, once the
   * first verdict held back has waited `batchHoldMs` (a slow SQL answer does not hold the others'
   * results for its whole run). A job whose run was already final completes as a no-op; one whose
   * grading failed is failed alone (pg-boss retries it), the others of its batch are stored.
   */
  async function gradeBatch(jobs: { id: string; data: unknown }[], engine: EngineName): Promise<JobResult[]> {
    const failed = (id: string, error: unknown): JobResult => ({ id, status: 'failed', output: { message: errorMessage(error) } })
    const runIds = new Map<string, string>()
    const results: JobResult[] = []
    for (const job of jobs) {
      const parsed = gradingJobData.safeParse(job.data)
      if (parsed.success) runIds.set(job.id, parsed.data.runId)
      else results.push(failed(job.id, parsed.error))
    }
    let started: Map<string, RunToGrade>
    const startedAt = performance.now()
    try {
      started = await startRuns([...runIds.values()], config.workerId)
    } catch (error) {
      return [...results, ...[...runIds.keys()].map((id) => failed(id, error))]
    } finally {
      phases.add(engine, 'startMs', performance.now() - startedAt)
    }
    phases.add(engine, 'batches', 1)
    let graded: { run: RunToGrade; input: RecordGradingResultInput; jobId: string }[] = []
    let holding: ReturnType<typeof setTimeout> | undefined
    /** Stores the verdicts held so far; flushes run one after another, so a learner's results land in order. */
    const flush = async () => {
      clearTimeout(holding)
      holding = undefined
      const batch = graded
      graded = []
      if (batch.length === 0) return
      const storing = performance.now()
      try {
        await store(batch, engine)
        results.push(...batch.map(({ jobId }): JobResult => ({ id: jobId, status: 'completed' })))
      } catch (error) {
        // Neither stored nor failed (the database is gone): the jobs are retried, and the runs' compare-and-set keeps them stored once.
        results.push(...batch.map(({ jobId }) => failed(jobId, error)))
      } finally {
        phases.add(engine, 'storeMs', performance.now() - storing)
        phases.add(engine, 'stores', 1)
      }
    }
    let flushing: Promise<void> = Promise.resolve()
    const flushNext = () => (flushing = flushing.then(flush))
    for (const [jobId, runId] of runIds) {
      const run = started.get(runId)
      if (!run) {
        results.push({ id: jobId, status: 'completed' }) // already final: a duplicate delivery
        continue
      }
      const grading = performance.now()
      try {
        const input = await evaluate(run, engine)
        if (input) {
          graded.push({ run, input, jobId })
          // The first verdict held starts the clock: stored with the batch's others, or alone once it has waited batchHoldMs
          // (while the next answers are still grading).
          holding ??= setTimeout(flushNext, config.batchHoldMs)
        } else results.push({ id: jobId, status: 'completed' })
      } catch (error) {
        await noteFailure(run, engine, error)
        results.push(failed(jobId, error))
      } finally {
        phases.add(engine, 'gradeMs', performance.now() - grading)
        phases.add(engine, 'jobs', 1)
      }
    }
    await flushNext()
    return results
  }

  for (const engine of engines) {
    // pg-boss waits out the polling interval after every fetch unless the fetch came back full
    // (burstWhenBatchFull), so a busy queue is drained in batches without waiting between them.
    // Jobs of a batch are graded one after another, and each is settled on its own (perJobResults);
    // a quiz or SQL batch is also started and stored as one (gradeBatch).
    // pg-boss ignores burstWhenBatchFull at batchSize 1: a slot that has just finished a job waited out
    // the rest of the polling interval before it looked again, so a burst of python answers (0.1-0.3 s
    // each) ran about one at a time with idle slots (docs/benchmarks.md, "Python", session 9). Such an
    // engine gets one pg-boss worker per slot, each woken (notifyWorker) after a job it graded, so it
    // fetches again at once; an empty fetch puts it back on the polling interval and the NOTIFY.
    const oneJobSlots = (config.batchSize[engine] ?? 1) === 1
    for (let slot = 0; slot < (oneJobSlots ? (config.concurrency[engine] ?? 1) : 1); slot++) {
      const slotWorker: { id?: string } = {}
      slotWorker.id = await boss.work(
        queueForEngine(engine),
        {
          batchSize: config.batchSize[engine] ?? 1,
          perJobResults: true,
          burstWhenBatchFull: true,
          localConcurrency: oneJobSlots ? 1 : (config.concurrency[engine] ?? 1),
          pollingIntervalSeconds: config.pollingIntervalSeconds,
          // On a `notify` queue pg-boss would otherwise poll only every 30 s, trusting the NOTIFY; a
          // sender whose queue cache predates the queue's notify flag sends none, so keep the floor.
          notifyPollingIntervalSeconds: config.pollingIntervalSeconds,
          // One job per learner in flight, across every worker: the database counts a group's active
          // jobs, and a learner at the limit is skipped, so others' jobs go first (oneAtATime covers
          // two fetches of this process racing; pg-boss 12.38.1 recounts after its claim).
          ...(ONE_JOB_PER_LEARNER.includes(engine) ? { groupConcurrency: 1 } : {}),
        },
        async (jobs) => {
          if (LIFECYCLE_IN_BATCHES.includes(engine)) return gradeBatch(jobs, engine)
          const results: JobResult[] = []
          for (const job of jobs) {
            try {
              await gradeJob(job.data, engine)
              results.push({ id: job.id, status: 'completed' })
            } catch (error) {
              results.push({ id: job.id, status: 'failed', output: { message: errorMessage(error) } })
            }
          }
          if (oneJobSlots && jobs.length > 0 && slotWorker.id) boss.notifyWorker(slotWorker.id)
          return results
        },
      )
    }
  }

  await boss.work(DEAD_LETTER_QUEUE, { batchSize: 1, pollingIntervalSeconds: config.pollingIntervalSeconds }, async ([job]) => {
    if (!job) return
    const { runId } = gradingJobData.parse(job.data)
    const reason = await deadLetterRun(runId)
    if (reason) log.error({ runId }, reason)
  })

  return {
    boss,
    workerId: config.workerId,
    phases: phases.snapshot,
    async stop({ timeoutMs = 30_000 } = {}) {
      const graceOver = setTimeout(() => shutdown.abort(new Error('the worker is stopping')), timeoutMs)
      try {
        await boss.stop({ graceful: true, timeout: timeoutMs })
      } finally {
        clearTimeout(graceOver)
        shutdown.abort(new Error('the worker stopped'))
      }
    },
  }
}
