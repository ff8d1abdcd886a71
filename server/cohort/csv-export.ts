// CSV exports of a course (roster, scores, submissions), streamed: PostgreSQL writes the CSV itself
// (COPY … TO STDOUT, its own quoting) and the rows flow through to the response in chunks, so memory
// stays flat however large the cohort. One dedicated connection per export, closed when the stream ends.
import type { Readable } from 'node:stream'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { attemptNumberSql } from '../submissions/attempt-use.ts'

export const exportKinds = ['roster', 'scores', 'submissions'] as const
export type ExportKind = (typeof exportKinds)[number]

/** A text cell that a spreadsheet would read as a formula gets a leading apostrophe (CSV injection). */
const text = (column: string) => `CASE WHEN ${column} ~ '^[=+@\\t\\r-]' THEN '''' || ${column} ELSE ${column} END`

function exportSql(kind: ExportKind, courseLiteral: string): string {
  switch (kind) {
    case 'roster':
      return `
        SELECT ${text('u.email')} AS email, ${text('u.name')} AS name, ${text('e."certificateName"')} AS certificate_name,
               e."createdAt" AS enrolled_at, e."homeworkPoints" AS homework_points,
               e."learningInPublicPoints" AS learning_in_public_points, e."projectPoints" AS project_points, e.points,
               CASE WHEN c.id IS NULL THEN '' WHEN c."revokedAt" IS NULL THEN 'certified' ELSE 'revoked' END AS certificate,
               c."verificationCode" AS certificate_id
          FROM "Enrollment" e
          JOIN "User" u ON u.id = e."userId"
          LEFT JOIN "Certificate" c ON c."userId" = e."userId" AND c."courseId" = e."courseId"
         WHERE e."courseId" = ${courseLiteral}
         ORDER BY e.points DESC, e.id`
    case 'scores':
      return `
        SELECT ${text('u.email')} AS email, h.slug AS homework, s.points, s."maxPoints" AS max_points, s."updatedAt" AS updated_at
          FROM "HomeworkScore" s
          JOIN "Homework" h ON h.id = s."homeworkId"
          JOIN "User" u ON u.id = s."userId"
         WHERE h."courseId" = ${courseLiteral}
         ORDER BY u.email, h.deadline, h.slug`
    case 'submissions':
      // submission_number counts every submission to the question; attempt_number only those that used an attempt (attempt-use.ts).
      return `
        SELECT s.id AS submission_id, ${text('u.email')} AS email, h.slug AS homework, q.slug AS question,
               s.attempt AS submission_number, ${attemptNumberSql('s')} AS attempt_number,
               s."submittedAt" AS submitted_at, s."isLate" AS is_late, s.status, r.verdict, r.points, r.score
          FROM "Submission" s
          JOIN "Question" q ON q.id = s."questionId"
          JOIN "Homework" h ON h.id = q."homeworkId"
          JOIN "User" u ON u.id = s."userId"
          LEFT JOIN LATERAL (
            SELECT verdict, points, score FROM "GradingRun" WHERE "submissionId" = s.id AND status = 'succeeded'
             ORDER BY "queuedAt" DESC, id DESC LIMIT 1
          ) r ON true
         WHERE h."courseId" = ${courseLiteral}
         ORDER BY s."submittedAt", s.id`
  }
}

/** A readable stream of the CSV (header first); its connection closes when the stream ends, fails or is destroyed. */
export async function streamCsvExport(kind: ExportKind, courseId: string, databaseUrl: string): Promise<Readable> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `syllabus-export-${kind}` })
  await client.connect()
  const sql = exportSql(kind, client.escapeLiteral(courseId))
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`))
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    void client.end().catch(() => {})
  }
  stream.once('end', close)
  stream.once('error', close)
  stream.once('close', close)
  return stream
}

export function exportFileName(courseSlug: string, kind: ExportKind, now = new Date()) {
  return `${courseSlug}-${kind}-${now.toISOString().slice(0, 10)}.csv`
}
