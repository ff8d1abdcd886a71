// Which of a learner's submissions use one of their attempts at a question, as SQL, in one place: the
// attempt limit (submit-answer.ts) and the homework page's count of attempts used (homework-learner.ts)
// read it from here, so the page never invites an answer the server will refuse.

/** SQL condition on a "Submission" row (its alias in the query): true when it uses an attempt. */
export function usesAnAttemptSql(submission: string): string {
  // A submission whose grading failed on our side does not count.
  return `${submission}."status" <> 'failed'`
}
