// Which of a learner's submissions use one of their attempts at a question, as SQL, in one place: the
// attempt limit (submit-answer.ts), the homework page's count of attempts used and each submission's
// attempt number (homework-learner.ts, read-submission.ts) and the submissions CSV (csv-export.ts) read
// it from here, so the page never invites an answer the server will refuse and every place numbers
// attempts alike.
//
// Two numbers, never to be confused: a submission's **submission number** (`Submission.attempt`, the
// column's historical name) counts every submission of a learner to a question, 1, 2, 3…; its
// **attempt number** counts only those that used an attempt, and is what the limit and the learner
// see ("Attempt 2"). A submission that used none (docs/grading.md: `invalid`, `error`, or grading
// that failed on our side) has no attempt number.

/**
 * SQL condition on a "Submission" row (its alias) whose latest run's verdict is `latestRunVerdict` (NULL
 * when there is no run or it has none yet): true when it uses an attempt. Its latest run decides (a
 * regrade replaces the verdict); one still queued or running counts until then.
 */
export function usesAnAttemptGivenLatestRunSql(submission: string, latestRunVerdict: string): string {
  return `(${submission}."status" <> 'failed' AND coalesce(${latestRunVerdict} NOT IN ('invalid', 'error'), true))`
}

/** The same condition on a "Submission" row alone: its latest run's verdict read by a subquery. */
export function usesAnAttemptSql(submission: string): string {
  return usesAnAttemptGivenLatestRunSql(
    submission,
    `(SELECT attempt_run."verdict" FROM "GradingRun" attempt_run WHERE attempt_run."submissionId" = ${submission}."id"
       ORDER BY attempt_run."queuedAt" DESC, attempt_run."id" DESC LIMIT 1)`,
  )
}

/**
 * SQL: the attempt number of a "Submission" row (its alias) among the rows of the same query, as a
 * window over the learner's submissions to the question; NULL when it used no attempt. The query must
 * read all of them (before any LIMIT, which a window precedes).
 */
export function attemptNumberSql(submission: string): string {
  const uses = usesAnAttemptSql(submission)
  return `CASE WHEN ${uses} THEN count(*) FILTER (WHERE ${uses})
            OVER (PARTITION BY ${submission}."userId", ${submission}."questionId" ORDER BY ${submission}."attempt") END`
}
