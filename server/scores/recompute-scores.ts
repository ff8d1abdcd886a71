// Scores are derived data: recomputed from the submissions and their latest grading runs, inside the
// transaction that stores a result, so they can never drift from what was graded. A learner's
// scores are recomputed under a per-learner advisory lock, so two results of the same learner
// committing at once cannot each miss the other's points.
//
// The recompute is one statement (question, homework and course scores), for one result or a whole
// batch of them, because it runs for every graded batch: as Prisma calls it was a dozen round trips,
// most of a job's cost (docs/benchmarks.md).
// Its reference, the Prisma version it replaced, is testing/recompute-scores-reference.ts.
import type { Db } from '../db/client.ts'

export type DbTransaction = Parameters<Extract<Parameters<Db['$transaction']>[0], (...args: never[]) => unknown>>[0]

export type ScoringPolicy = 'best' | 'last'

/** First key of the per-learner advisory lock; the second is `hashtext(userId)`. */
export const LEARNER_SCORES_LOCK = 'syllabus-scores'

/** Serialises score updates of one learner until the transaction ends. */
export async function lockLearnerScores(tx: DbTransaction, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LEARNER_SCORES_LOCK}), hashtext(${userId}))`
}

export interface RecomputeScoresInput {
  userId: string
  questionId: string
  scoring: ScoringPolicy
}

/**
 * Recomputes the learner's score on the question, its homework, and their course points.
 *
 * The caller must already hold the learner's lock (lockLearnerScores, or a statement that took the
 * same lock) in this transaction: the lock has to be taken by an earlier statement than this one,
 * because a statement reads a snapshot taken when it starts.
 */
export async function recomputeScores(tx: DbTransaction, input: RecomputeScoresInput) {
  await recomputeScoresOf(tx, [input])
}

/**
 * Recomputes the scores of several (learner, question) pairs in one statement — the scores of a
 * batch of results (run-lifecycle.ts `recordGradingResults`); a pair given twice counts once. The
 * caller must already hold the lock of every learner named (see recomputeScores).
 *
 * - Question: each submission counts with its latest successful run (a regrade supersedes the
 *   earlier run) if that run's verdict is correct/partial/incorrect; `best` takes the most points
 *   (the earliest attempt on a tie), `last` the latest attempt. No counted submission: 0 points.
 *   A staff override in force (the latest QuestionScoreOverride, points not null) replaces those points.
 * - Homework: the sum of the question scores of its questions that are not archived.
 * - Course (Enrollment): the sum of the homework scores of its homeworks that are not archived,
 *   plus learning-in-public points, plus final-project points (kept by server/projects/course-points.ts).
 * Rows written earlier in a statement are invisible to its later parts, so the homework and course
 * sums take the new points of the pairs recomputed here (`fresh`) and the stored points of the others.
 */
export async function recomputeScoresOf(tx: DbTransaction, inputs: readonly RecomputeScoresInput[]) {
  if (inputs.length === 0) return
  const now = new Date()
  // Arrays, not one JSON document: the planner estimates a JSON record set at a hundred rows whatever
  // the batch, and plans its joins for that (docs/benchmarks.md, "Queue", session 6).
  const userIds = inputs.map((input) => input.userId)
  const questionIds = inputs.map((input) => input.questionId)
  const scorings = inputs.map((input) => input.scoring)
  await tx.$executeRaw`
    WITH pair AS (
      SELECT DISTINCT ON (pair."userId", pair."questionId") pair."userId", pair."questionId", pair.scoring
        FROM unnest(${userIds}::text[], ${questionIds}::text[], ${scorings}::text[]) AS pair("userId", "questionId", scoring)
    ),
    question AS (
      SELECT pair."userId", pair.scoring, question.id, question."homeworkId", question."archivedAt" IS NULL AS active,
             homework."courseId", homework."archivedAt" IS NULL AS "homeworkActive"
        FROM pair
        JOIN "Question" AS question ON question.id = pair."questionId"
        JOIN "Homework" AS homework ON homework.id = question."homeworkId"
    ),
    fresh_question AS (
      SELECT question."userId", question.id AS "questionId", COALESCE(staff_override.points, counted.points, 0) AS points,
             counted."submissionId"
        FROM question
        LEFT JOIN LATERAL (
          SELECT submission.id AS "submissionId", COALESCE(latest.points, 0) AS points
            FROM "Submission" AS submission
            CROSS JOIN LATERAL (
              -- The status compared as text, so that no plan reads the status index: a submission has
              -- a run or two (its submissionId index finds them), while 'succeeded' grows to every run.
              -- Planned while the statistics still said few runs had succeeded (a deadline's backlog),
              -- the BitmapAnd of both indexes read every succeeded run's entry per submission, most
              -- of the statement's time late in a drain (docs/benchmarks.md, "Queue", session 8).
              SELECT run.verdict, run.points FROM "GradingRun" AS run
               WHERE run."submissionId" = submission.id AND run.status::text = 'succeeded'
               ORDER BY run."queuedAt" DESC, run.id DESC LIMIT 1
            ) AS latest
           WHERE submission."userId" = question."userId" AND submission."questionId" = question.id
             AND latest.verdict IN ('correct', 'partial', 'incorrect')
           ORDER BY CASE WHEN question.scoring = 'last' THEN submission.attempt END DESC NULLS LAST,
                    COALESCE(latest.points, 0) DESC, submission.attempt ASC
           LIMIT 1
        ) AS counted ON true
        LEFT JOIN LATERAL (
          SELECT override.points FROM "QuestionScoreOverride" AS override
           WHERE override."userId" = question."userId" AND override."questionId" = question.id
           ORDER BY override."createdAt" DESC, override.id DESC LIMIT 1
        ) AS staff_override ON true
    ),
    question_score AS (
      INSERT INTO "QuestionScore" AS score (id, "userId", "questionId", points, "submissionId", "updatedAt")
      SELECT gen_random_uuid()::text, fresh."userId", fresh."questionId", fresh.points, fresh."submissionId", ${now}
        FROM fresh_question AS fresh
      ON CONFLICT ("userId", "questionId") DO UPDATE
        SET points = excluded.points, "submissionId" = excluded."submissionId", "updatedAt" = excluded."updatedAt"
    ),
    fresh_homework AS (
      SELECT affected."userId", affected."homeworkId", affected."courseId", total.points, total."maxPoints"
        FROM (SELECT DISTINCT "userId", "homeworkId", "courseId" FROM question) AS affected
        CROSS JOIN LATERAL (
          SELECT COALESCE(sum(COALESCE(fresh.points, score.points)), 0) AS points, COALESCE(sum(other."maxPoints"), 0) AS "maxPoints"
            FROM "Question" AS other
            LEFT JOIN "QuestionScore" AS score ON score."questionId" = other.id AND score."userId" = affected."userId"
            LEFT JOIN fresh_question AS fresh ON fresh."questionId" = other.id AND fresh."userId" = affected."userId"
           WHERE other."homeworkId" = affected."homeworkId" AND other."archivedAt" IS NULL
        ) AS total
    ),
    homework_score AS (
      INSERT INTO "HomeworkScore" AS score (id, "userId", "homeworkId", points, "maxPoints", "updatedAt")
      SELECT gen_random_uuid()::text, fresh."userId", fresh."homeworkId", fresh.points, fresh."maxPoints", ${now}
        FROM fresh_homework AS fresh
      ON CONFLICT ("userId", "homeworkId") DO UPDATE
        SET points = excluded.points, "maxPoints" = excluded."maxPoints", "updatedAt" = excluded."updatedAt"
    ),
    course_total AS (
      SELECT affected."userId", affected."courseId", total.points
        FROM (SELECT DISTINCT "userId", "courseId" FROM fresh_homework) AS affected
        CROSS JOIN LATERAL (
          SELECT COALESCE(sum(COALESCE(fresh.points, score.points)), 0) AS points
            FROM "Homework" AS homework
            LEFT JOIN "HomeworkScore" AS score ON score."homeworkId" = homework.id AND score."userId" = affected."userId"
            LEFT JOIN fresh_homework AS fresh ON fresh."homeworkId" = homework.id AND fresh."userId" = affected."userId"
           WHERE homework."courseId" = affected."courseId" AND homework."archivedAt" IS NULL
        ) AS total
    )
    UPDATE "Enrollment" AS enrollment
       SET "homeworkPoints" = total.points, points = total.points + enrollment."learningInPublicPoints" + enrollment."projectPoints"
      FROM course_total AS total
     WHERE enrollment."userId" = total."userId" AND enrollment."courseId" = total."courseId"`
}

/** Course points for the leaderboard: homework points plus learning-in-public points plus final-project points. */
export async function recomputeCoursePoints(tx: DbTransaction, userId: string, courseId: string) {
  await tx.$executeRaw`
    UPDATE "Enrollment" AS enrollment
       SET "homeworkPoints" = total.points, points = total.points + enrollment."learningInPublicPoints" + enrollment."projectPoints"
      FROM (SELECT COALESCE(sum(score.points), 0) AS points
              FROM "HomeworkScore" AS score JOIN "Homework" AS homework ON homework.id = score."homeworkId"
             WHERE score."userId" = ${userId} AND homework."courseId" = ${courseId} AND homework."archivedAt" IS NULL) AS total
     WHERE enrollment."userId" = ${userId} AND enrollment."courseId" = ${courseId}`
}
