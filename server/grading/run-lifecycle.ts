// The lifecycle of a grading run, in one place: create (submit and regrade), start, retry after an
// infrastructure failure, record a result, fail, dead-letter. Each change is one transaction ending
// in a NOTIFY on `grading_run` (payload: the run id) for live status, and each is a compare-and-set on
// the run's status: only a run that is not final may start, fail or receive a result, so a job
// delivered twice (a worker died after storing the result, or a slow worker outlived its job's
// expiry) is stored once. Submission.status is written only here, by syncSubmissionStatus, in the
// same statement as the run's change.
import { fromPrisma, type PgBoss } from 'pg-boss'
import { gradingProgress, type EngineName, type GradeResult, type GradingProgress } from '../../graders/grade-result.ts'
import { db, Prisma } from '../db/client.ts'
import { type DbTransaction, LEARNER_SCORES_LOCK, recomputeScoresOf, type ScoringPolicy } from '../scores/recompute-scores.ts'
import { type GradingJobData, ONE_JOB_PER_LEARNER, queueForEngine } from './queues.ts'
import { type GradingRunStatus, openRunStatuses, submissionStatusOfRun } from './status.ts'

export const GRADING_RUN_CHANNEL = 'grading_run'

/** `IN ('queued', 'running')`: the runs that are not final. */
const OPEN = Prisma.raw(`IN (${openRunStatuses.map((status) => `'${status}'`).join(', ')})`)

/**
 * The statement (used as a CTE) that makes a submission's status follow its run: `changed` names the
 * CTE that returned the run's "submissionId", `runStatus` is the run's new status. A failed run leaves
 * an earlier result standing: a submission with a succeeded run stays graded.
 */
function syncSubmissionStatus(changed: 'created' | 'started' | 'requeued' | 'finished' | 'failed', runStatus: GradingRunStatus): Prisma.Sql {
  const status =
    runStatus === 'failed'
      ? Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM "GradingRun" AS run WHERE run."submissionId" = submission.id AND run.status = 'succeeded')
                        THEN 'graded'::"SubmissionStatus" ELSE 'failed'::"SubmissionStatus" END`
      : Prisma.sql`CAST(${submissionStatusOfRun[runStatus]}::text AS "SubmissionStatus")`
  const cte = Prisma.raw(changed)
  return Prisma.sql`UPDATE "Submission" AS submission SET status = ${status} FROM ${cte} WHERE submission.id = ${cte}."submissionId"`
}

export interface NewRun {
  submissionId: string
  engine: EngineName
  /** `submit`: a learner's new submission; `regrade`: an instructor re-queued an earlier one. */
  trigger: 'submit' | 'regrade'
}

/**
 * The one place a GradingRun is created: the run, its pg-boss job (sent through the same Prisma
 * transaction, pg-boss's `fromPrisma` adapter) and the submission's status, so a run never exists
 * without its job nor a job without its run. Returns the run id.
 */
export async function createRun(tx: DbTransaction, boss: PgBoss, { submissionId, engine, trigger }: NewRun): Promise<string> {
  const run = await tx.gradingRun.create({ data: { submissionId, engine, trigger, status: 'queued' }, select: { id: true } })
  const job: GradingJobData = { runId: run.id }
  // Fair share: the job's group is the learner (the worker runs one job per group at a time), and a
  // learner's n-th open run of this engine waits behind every other learner's first (priority −n;
  // pg-boss takes the highest priority first), so a learner who sends fifty answers delays only themselves.
  const [queue] = !ONE_JOB_PER_LEARNER.includes(engine) ? [] : await tx.$queryRaw<{ userId: string; open: number }[]>`
    SELECT submission."userId", (SELECT count(*)::int FROM "GradingRun" AS run JOIN "Submission" AS other ON other.id = run."submissionId"
                                  WHERE other."userId" = submission."userId" AND run.engine = ${engine} AND run.id <> ${run.id} AND run.status ${OPEN}) AS open
      FROM "Submission" AS submission WHERE submission.id = ${submissionId}`
  const jobId = await boss.send(queueForEngine(engine), job, {
    db: fromPrisma(tx),
    ...(queue ? { group: { id: queue.userId }, priority: -queue.open } : {}),
  })
  await tx.$queryRaw`
    WITH created AS (
      UPDATE "GradingRun" SET "jobId" = ${jobId} WHERE id = ${run.id} RETURNING id, "submissionId"
    ),
    submission AS (${syncSubmissionStatus('created', 'queued')})
    SELECT pg_notify(${GRADING_RUN_CHANNEL}, id)::text AS notified FROM created`
  return run.id
}

/** What a worker needs to grade a run (the question's spec comes from the course files). */
export interface RunToGrade {
  id: string
  /** Including this one. */
  attempts: number
  engine: string
  submission: {
    id: string
    userId: string
    answer: unknown
    latePenalty: number
    question: { id: string; slug: string; maxPoints: number; homeworkSlug: string; courseSlug: string }
  }
}

interface StartedRunRow {
  id: string
  attempts: number
  engine: string
  submissionId: string
  userId: string
  answer: unknown
  latePenalty: number
  questionId: string
  questionSlug: string
  maxPoints: number
  homeworkSlug: string
  courseSlug: string
}

// Each change below is one statement (or, for a result, two inside one transaction): a worker makes
// them for every job (the quiz queue's worker for every batch of jobs), and round trips were most of
// a job's cost (docs/benchmarks.md, "Queue").
// pg_notify in the statement is part of its transaction, so the notification still follows the commit.

/**
 * Put in the SELECT list of the worker's writes: their commit does not wait for the WAL flush.
 * A transaction that NOTIFYs holds a cluster-wide lock until its commit is done, so with a
 * synchronous commit every notifying commit of every worker (and every submit) queued behind one
 * disk flush at a time (docs/benchmarks.md, "Queue"). What these writes record can always be
 * recorded again: if PostgreSQL itself crashes in the fraction of a second before the flush (the
 * next synchronous commit anywhere, such as pg-boss settling the job, flushes it too), the run is
 * back in its earlier state, its job is retried, and the compare-and-sets keep it graded once.
 * createRun stays synchronous: a learner told "submitted" must find the submission after a crash.
 */
const ASYNCHRONOUS_COMMIT = Prisma.sql`set_config('synchronous_commit', 'off', true) AS "asynchronousCommit"`

/** Marks the run running (one more attempt); null when it is already final, and there is nothing to do. */
export async function startRun(runId: string, workerId: string): Promise<RunToGrade | null> {
  return (await startRuns([runId], workerId)).get(runId) ?? null
}

/**
 * Marks a batch of runs running in one statement (startRun for each); the map holds the runs that
 * started, by id — a run missing from it was already final.
 */
export async function startRuns(runIds: readonly string[], workerId: string): Promise<Map<string, RunToGrade>> {
  if (runIds.length === 0) return new Map()
  const rows = await db.$queryRaw<StartedRunRow[]>`
    WITH started AS (
      UPDATE "GradingRun"
         SET status = 'running', "startedAt" = ${new Date()}, attempts = attempts + 1, "workerId" = ${workerId}, progress = NULL
       WHERE id = ANY(${[...runIds]}::text[]) AND status ${OPEN}
      RETURNING id, attempts, engine, "submissionId"
    ),
    submission_status AS (${syncSubmissionStatus('started', 'running')})
    SELECT started.id, started.attempts, started.engine, submission.id AS "submissionId", submission."userId",
           submission.answer, submission."latePenalty", question.id AS "questionId", question.slug AS "questionSlug",
           question."maxPoints", homework.slug AS "homeworkSlug", course.slug AS "courseSlug",
           pg_notify(${GRADING_RUN_CHANNEL}, started.id)::text AS notified, ${ASYNCHRONOUS_COMMIT}
      FROM started
      JOIN "Submission" AS submission ON submission.id = started."submissionId"
      JOIN "Question" AS question ON question.id = submission."questionId"
      JOIN "Homework" AS homework ON homework.id = question."homeworkId"
      JOIN "Course" AS course ON course.id = homework."courseId"`
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        attempts: row.attempts,
        engine: row.engine,
        submission: {
          id: row.submissionId,
          userId: row.userId,
          answer: row.answer,
          latePenalty: row.latePenalty,
          question: { id: row.questionId, slug: row.questionSlug, maxPoints: row.maxPoints, homeworkSlug: row.homeworkSlug, courseSlug: row.courseSlug },
        },
      },
    ]),
  )
}

/** An infrastructure failure that will be retried: the run waits in the queue again, the reason kept. */
export async function noteInfrastructureFailure(runId: string, message: string) {
  await db.$queryRaw`
    WITH requeued AS (
      UPDATE "GradingRun" SET status = 'queued', error = ${message}
       WHERE id = ${runId} AND status ${OPEN}
      RETURNING id, "submissionId"
    ),
    submission AS (${syncSubmissionStatus('requeued', 'queued')})
    SELECT pg_notify(${GRADING_RUN_CHANNEL}, id)::text AS notified, ${ASYNCHRONOUS_COMMIT} FROM requeued`
}

export interface RecordGradingResultInput {
  runId: string
  result: GradeResult
  scoring: ScoringPolicy
  workerId?: string
}

/**
 * Stores a result and recomputes the learner's scores, in one transaction. Returns false (and changes
 * nothing) when the run was already final: a second completion of the same run is a no-op.
 */
export async function recordGradingResult(input: RecordGradingResultInput): Promise<boolean> {
  const [stored] = await recordGradingResults([input])
  return stored ?? false
}

/**
 * Stores a batch of results and recomputes the scores they change, in one transaction: one
 * compare-and-set for every run, then one recompute per (learner, question) however many of the
 * batch's results it has. Returns, for each input in order, whether it was stored: a run that was
 * already final (or given twice) changes nothing. One transaction for a batch instead of one per
 * result: the worker stores a quiz batch of thirty in one commit (docs/benchmarks.md, "Queue").
 */
export async function recordGradingResults(inputs: readonly RecordGradingResultInput[]): Promise<boolean[]> {
  for (const { result } of inputs) {
    if (result.verdict === 'error') throw new Error('An error result is an infrastructure failure, not a result to store')
  }
  const now = new Date()
  const firstOfRun = new Map<string, RecordGradingResultInput>()
  for (const input of inputs) if (!firstOfRun.has(input.runId)) firstOfRun.set(input.runId, input)
  // Arrays, one per column (see recomputeScoresOf for why not one JSON document).
  const runs = [...firstOfRun.values()]
  const ids = runs.map((input) => input.runId)
  const verdicts = runs.map((input) => input.result.verdict)
  const scores = runs.map((input) => input.result.score)
  const checks = runs.map((input) => JSON.stringify(input.result.checks))
  const durations = runs.map((input) => input.result.durationMs)
  const workerIds = runs.map((input) => input.workerId ?? null)
  const storedRuns = await db.$transaction(async (tx) => {
    // The compare-and-set, the submissions' status, the learners' score locks and the NOTIFYs. Points =
    // score × question points × (1 − late penalty); `invalid` scores nothing. The locks are taken here
    // so that the recompute, the next statement, reads a snapshot in which every earlier result of
    // these learners is committed; in one order (volatile functions run after the ORDER BY), so that
    // two batches sharing learners wait for each other instead of deadlocking.
    const finished = await tx.$queryRaw<{ id: string; userId: string; questionId: string }[]>`
      WITH result AS (
        SELECT * FROM unnest(${ids}::text[], ${verdicts}::text[], ${scores}::float8[], ${checks}::text[], ${durations}::int[], ${workerIds}::text[])
          AS result(id, verdict, score, checks, "durationMs", "workerId")
      ),
      finished AS (
        UPDATE "GradingRun" AS run
           SET status = 'succeeded', verdict = CAST(result.verdict AS "Verdict"), score = result.score,
               points = CASE WHEN result.verdict = 'invalid' THEN 0 ELSE result.score * question."maxPoints" * (1 - submission."latePenalty") END,
               checks = result.checks::jsonb, error = NULL, "finishedAt" = ${now},
               "durationMs" = result."durationMs", "workerId" = COALESCE(result."workerId", run."workerId")
          FROM result, "Submission" AS submission JOIN "Question" AS question ON question.id = submission."questionId"
         WHERE run.id = result.id AND run.status ${OPEN} AND submission.id = run."submissionId"
        RETURNING run.id, submission.id AS "submissionId", submission."userId", submission."questionId"
      ),
      graded AS (${syncSubmissionStatus('finished', 'succeeded')})
      SELECT id, "userId", "questionId",
             pg_advisory_xact_lock(hashtext(${LEARNER_SCORES_LOCK}), hashtext("userId"))::text AS locked,
             pg_notify(${GRADING_RUN_CHANNEL}, id)::text AS notified, ${ASYNCHRONOUS_COMMIT}
        FROM finished
       ORDER BY hashtext("userId"), "userId", id`
    if (finished.length === 0) return new Set<string>()
    await recomputeScoresOf(
      tx,
      finished.map(({ id, userId, questionId }) => ({ userId, questionId, scoring: firstOfRun.get(id)!.scoring })),
    )
    return new Set(finished.map((row) => row.id))
  })
  return inputs.map((input) => storedRuns.has(input.runId) && firstOfRun.get(input.runId) === input)
}

/** An id no run, learner or question has (ids are cuids or uuids): what the warm-up below writes to. */
const NO_ROW = 'warm-up:no-such-row'

class RolledBack extends Error {}

/**
 * Runs the worker's writes once on `connections` pooled connections, changing nothing: each
 * statement is then prepared on its connection (named statements) and PostgreSQL has its plans, and
 * the connections are open. Without it the first result after a start paid the connection, the
 * statements' preparation and the score recompute's first plan (docs/benchmarks.md, "Python").
 * Every statement targets a row that does not exist (the recompute's transaction is rolled back as
 * well), so nothing is written and nothing is notified.
 */
export async function warmRunLifecycle(connections: number): Promise<void> {
  const result: GradeResult = { verdict: 'incorrect', score: 0, checks: [], durationMs: 0, engine: 'quiz' }
  await Promise.all(
    Array.from({ length: connections }, async () => {
      await startRun(NO_ROW, NO_ROW)
      await reportRunProgress(NO_ROW, { stage: 'starting' })
      await recordGradingResult({ runId: NO_ROW, result, scoring: 'best' })
      await db
        .$transaction(async (tx) => {
          await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${LEARNER_SCORES_LOCK}), hashtext(${NO_ROW}))::text AS locked`
          await recomputeScoresOf(tx, [{ userId: NO_ROW, questionId: NO_ROW, scoring: 'best' }])
          throw new RolledBack()
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error
        })
    }),
  )
}

/**
 * What a running grade is doing (running check 2 of 5), for the learner's live status. Only a run that
 * is still running takes it, so a late report can never land on a finished run.
 */
export async function reportRunProgress(runId: string, progress: GradingProgress): Promise<boolean> {
  const updated = await db.$queryRaw<{ id: string }[]>`
    WITH updated AS (
      UPDATE "GradingRun" SET progress = ${JSON.stringify(gradingProgress.parse(progress))}::jsonb
       WHERE id = ${runId} AND status = 'running'
      RETURNING id
    )
    SELECT id, pg_notify(${GRADING_RUN_CHANNEL}, id)::text AS notified, ${ASYNCHRONOUS_COMMIT} FROM updated`
  return updated.length > 0
}

export interface FailRunOptions {
  /** The run used up its retries (shown to instructors in listDeadLetteredRuns). */
  deadLettered: boolean
}

/** Ends a run without a result. Scores are untouched: a failed run never costs the learner. */
export async function failRun(runId: string, reason: string, { deadLettered }: FailRunOptions): Promise<boolean> {
  const now = new Date()
  const failed = await db.$queryRaw<{ id: string }[]>`
    WITH failed AS (
      UPDATE "GradingRun"
         SET status = 'failed', error = ${reason}, "finishedAt" = ${now},
             "deadLetteredAt" = CASE WHEN ${deadLettered} THEN ${now}::timestamp(3) ELSE "deadLetteredAt" END
       WHERE id = ${runId} AND status ${OPEN}
      RETURNING id, "submissionId"
    ),
    submission AS (${syncSubmissionStatus('failed', 'failed')})
    SELECT id, pg_notify(${GRADING_RUN_CHANNEL}, id)::text AS notified, ${ASYNCHRONOUS_COMMIT} FROM failed`
  return failed.length > 0
}

/** After the last retry: the run fails with the last infrastructure error. Returns the reason, or null if it was final. */
export async function deadLetterRun(runId: string): Promise<string | null> {
  const run = await db.gradingRun.findUnique({ where: { id: runId }, select: { error: true, attempts: true } })
  if (!run) return null
  const attempts = `${run.attempts} attempt${run.attempts === 1 ? '' : 's'}`
  const reason = `Grading gave up after ${attempts}: ${run.error ?? 'the worker stopped responding (it crashed or timed out)'}`
  return (await failRun(runId, reason, { deadLettered: true })) ? reason : null
}
