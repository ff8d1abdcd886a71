// The benchmarks' exactly-once check, read from the app database after a drain or a rush: every
// submission graded (none lost), by one run whose pg-boss job completed once, and scores equal to
// what the graded runs give (nothing counted twice): each question score is the best graded points,
// each learner's homework points the sum of those.
import type pg from 'pg'

export interface ExactlyOnceReport {
  submissions: number
  /** Submissions without a succeeded run, or not in status graded. */
  lost: number
  /** Submissions with more than one run, or more than one succeeded run. */
  gradedTwice: number
  /** Runs whose pg-boss job is not in state completed (or is missing). */
  jobsNotCompleted: number
  /** Question scores that differ from the best graded points of the learner's submissions. */
  questionScoresWrong: number
  /** Enrolments whose homework points differ from the sum of the learner's best graded points. */
  coursePointsWrong: number
  /** Runs started more than once (retried after a crash or a failure); not an error in itself. */
  retried: number
  /** Per submission: its verdict, for comparing with what the learner saw. */
  verdicts: Map<string, string | null>
}

/** `learnerEmails`: only these learners' submissions (a rush on a shared database); all when omitted. */
export async function checkGradedExactlyOnce(db: pg.Client, learnerEmails?: string[]): Promise<ExactlyOnceReport> {
  const learners = learnerEmails
    ? { where: `WHERE learner.email = ANY($1)`, params: [learnerEmails] }
    : { where: '', params: [] }
  const { rows } = await db.query<{ id: string; status: string; runs: number; succeeded: number; jobs_completed: number; retried: number; verdict: string | null }>(
    `SELECT submission.id, submission.status::text AS status,
            count(run.id)::int AS runs,
            count(run.id) FILTER (WHERE run.status = 'succeeded')::int AS succeeded,
            count(job.id) FILTER (WHERE job.state = 'completed')::int AS jobs_completed,
            count(run.id) FILTER (WHERE run.attempts > 1)::int AS retried,
            max(run.verdict::text) AS verdict
       FROM "Submission" AS submission
       JOIN "User" AS learner ON learner.id = submission."userId"
       LEFT JOIN "GradingRun" AS run ON run."submissionId" = submission.id
       LEFT JOIN pgboss.job AS job ON job.id::text = run."jobId"
      ${learners.where}
      GROUP BY submission.id`,
    learners.params,
  )
  const { rows: scores } = await db.query<{ questions: number; courses: number }>(
    `WITH best AS (
       SELECT submission."userId", submission."questionId", max(run.points) AS points
         FROM "Submission" AS submission
         JOIN "User" AS learner ON learner.id = submission."userId"
         JOIN "GradingRun" AS run ON run."submissionId" = submission.id AND run.status = 'succeeded' AND run.verdict IN ('correct', 'partial', 'incorrect')
        ${learners.where}
        GROUP BY 1, 2
     ),
     learner_points AS (SELECT "userId", sum(points) AS points FROM best GROUP BY 1)
     SELECT (SELECT count(*)::int FROM best LEFT JOIN "QuestionScore" AS score USING ("userId", "questionId")
              WHERE score.points IS DISTINCT FROM best.points) AS questions,
            (SELECT count(*)::int FROM learner_points
               JOIN "Enrollment" AS enrollment ON enrollment."userId" = learner_points."userId"
              WHERE abs(enrollment."homeworkPoints" - learner_points.points) > 1e-9) AS courses`,
    learners.params,
  )
  return {
    submissions: rows.length,
    lost: rows.filter((row) => row.status !== 'graded' || row.succeeded === 0).length,
    gradedTwice: rows.filter((row) => row.runs > 1 || row.succeeded > 1).length,
    jobsNotCompleted: rows.filter((row) => row.jobs_completed !== 1).length,
    questionScoresWrong: scores[0]!.questions,
    coursePointsWrong: scores[0]!.courses,
    retried: rows.reduce((sum, row) => sum + row.retried, 0),
    verdicts: new Map(rows.map((row) => [row.id, row.verdict])),
  }
}

export function describeExactlyOnce(report: ExactlyOnceReport): string {
  return (
    `lost ${report.lost}, graded more than once ${report.gradedTwice}, jobs not completed once ${report.jobsNotCompleted}, ` +
    `question scores ≠ best points ${report.questionScoresWrong}, course points ≠ sum ${report.coursePointsWrong} (runs retried: ${report.retried})`
  )
}
