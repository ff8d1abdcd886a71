// Scores are derived data: recomputed from the submissions and their latest grading runs, inside the
// transaction that stores a result, so they can never drift from what was graded. A learner's
// scores are recomputed under a per-learner advisory lock, so two results of the same learner
// committing at once cannot each miss the other's points.
//
// The recompute is one statement (question, homework and course scores), because it runs for every
// graded job: as Prisma calls it was a dozen round trips, most of a job's cost (docs/benchmarks.md).
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
 *
 * - Question: each submission counts with its latest successful run (a regrade supersedes the
 *   earlier run) if that run's verdict is correct/partial/incorrect; `best` takes the most points
 *   (the earliest attempt on a tie), `last` the latest attempt. No counted submission: 0 points.
 *   A staff override in force (the latest QuestionScoreOverride, points not null) replaces those points.
 * - Homework: the sum of the question scores of its questions that are not archived.
 * - Course (Enrollment): the sum of the homework scores of its homeworks that are not archived,
 *   plus learning-in-public points, plus final-project points (kept by server/projects/course-points.ts).
 * Rows written earlier in a statement are invisible to its later parts, so the homework and course
 * sums add the new row's points to the other rows' points.
 */
export async function recomputeScores(tx: DbTransaction, { userId, questionId, scoring }: RecomputeScoresInput) {
  const now = new Date()
  await tx.$executeRaw`
    WITH question AS (
      SELECT question.id, question."homeworkId", question."archivedAt" IS NULL AS active,
             homework."courseId", homework."archivedAt" IS NULL AS "homeworkActive"
        FROM "Question" AS question JOIN "Homework" AS homework ON homework.id = question."homeworkId"
       WHERE question.id = ${questionId}
    ),
    counted AS (
      SELECT submission.id AS "submissionId", COALESCE(latest.points, 0) AS points
        FROM "Submission" AS submission
        CROSS JOIN LATERAL (
          SELECT run.verdict, run.points FROM "GradingRun" AS run
           WHERE run."submissionId" = submission.id AND run.status = 'succeeded'
           ORDER BY run."queuedAt" DESC, run.id DESC LIMIT 1
        ) AS latest
       WHERE submission."userId" = ${userId} AND submission."questionId" = ${questionId}
         AND latest.verdict IN ('correct', 'partial', 'incorrect')
       ORDER BY CASE WHEN ${scoring}::text = 'last' THEN submission.attempt END DESC NULLS LAST,
                COALESCE(latest.points, 0) DESC, submission.attempt ASC
       LIMIT 1
    ),
    staff_override AS (
      SELECT override.points FROM "QuestionScoreOverride" AS override
       WHERE override."userId" = ${userId} AND override."questionId" = ${questionId}
       ORDER BY override."createdAt" DESC, override.id DESC LIMIT 1
    ),
    question_score AS (
      INSERT INTO "QuestionScore" AS score (id, "userId", "questionId", points, "submissionId", "updatedAt")
      SELECT gen_random_uuid()::text, ${userId}, question.id, COALESCE((SELECT points FROM staff_override), counted.points, 0), counted."submissionId", ${now}
        FROM question LEFT JOIN counted ON true
      ON CONFLICT ("userId", "questionId") DO UPDATE
        SET points = excluded.points, "submissionId" = excluded."submissionId", "updatedAt" = excluded."updatedAt"
      RETURNING score.points
    ),
    homework_total AS (
      SELECT COALESCE(sum(score.points) FILTER (WHERE other.id <> question.id), 0)
               + CASE WHEN question.active THEN (SELECT points FROM question_score) ELSE 0 END AS points,
             COALESCE(sum(other."maxPoints"), 0) AS "maxPoints"
        FROM question
        LEFT JOIN "Question" AS other ON other."homeworkId" = question."homeworkId" AND other."archivedAt" IS NULL
        LEFT JOIN "QuestionScore" AS score ON score."questionId" = other.id AND score."userId" = ${userId}
       GROUP BY question.id, question.active
    ),
    homework_score AS (
      INSERT INTO "HomeworkScore" AS score (id, "userId", "homeworkId", points, "maxPoints", "updatedAt")
      SELECT gen_random_uuid()::text, ${userId}, question."homeworkId", total.points, total."maxPoints", ${now}
        FROM question, homework_total AS total
      ON CONFLICT ("userId", "homeworkId") DO UPDATE
        SET points = excluded.points, "maxPoints" = excluded."maxPoints", "updatedAt" = excluded."updatedAt"
      RETURNING score.points
    ),
    course_total AS (
      SELECT question."courseId",
             COALESCE(sum(score.points) FILTER (WHERE score."homeworkId" <> question."homeworkId"), 0)
               + CASE WHEN question."homeworkActive" THEN (SELECT points FROM homework_score) ELSE 0 END AS points
        FROM question
        LEFT JOIN ("HomeworkScore" AS score JOIN "Homework" AS homework ON homework.id = score."homeworkId" AND homework."archivedAt" IS NULL)
          ON score."userId" = ${userId} AND homework."courseId" = question."courseId"
       GROUP BY question."courseId", question."homeworkId", question."homeworkActive"
    )
    UPDATE "Enrollment" AS enrollment
       SET "homeworkPoints" = total.points, points = total.points + enrollment."learningInPublicPoints" + enrollment."projectPoints"
      FROM course_total AS total
     WHERE enrollment."userId" = ${userId} AND enrollment."courseId" = total."courseId"`
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
