// The common mistakes on a homework's SQL questions, for instructors: wrong answers grouped by what their
// result did on the public data — the first check that failed and its message, which names the first
// differing row or column (the grader's own words, deterministic for a given result). One group is one
// mistake many learners made, so one fix in a lesson helps them all. Inside a group, answers are told
// apart by their query fingerprint (libpg-query: the parse tree without literal values or layout), and
// the most common shape is the sample shown.
import { pgParser } from '../../sandbox/postgres/pg-parser.ts'
import { db } from '../db/client.ts'

export interface SqlMistake {
  /** The check that failed first: columns, rows, values, runs, hidden-data, … */
  failedCheck: string
  /** The grader's message for it, first line: what differs on the public data. */
  difference: string
  /** Wrong answers (attempts) in this group, and the learners who sent them. */
  answers: number
  learners: number
  /** Distinct query fingerprints among them. */
  queryShapes: number
  /** An answer of the most common shape. */
  sample: string
}

export interface SqlQuestionMistakes {
  question: string
  position: number
  wrongAnswers: number
  mistakes: SqlMistake[]
}

/** The query's fingerprint; a query libpg-query cannot parse (another dialect) by its text, spaces folded. */
async function queryShape(sql: string): Promise<string> {
  try {
    return await (await pgParser()).fingerprint(sql)
  } catch {
    return `text:${sql.trim().replace(/\s+/g, ' ').toLowerCase()}`
  }
}

/** Per SQL question of the course's homework, its most common mistakes, most frequent first. */
export async function sqlMistakes(courseId: string, homeworkSlug: string, { perQuestion = 8 }: { perQuestion?: number } = {}): Promise<SqlQuestionMistakes[]> {
  // Each graded wrong attempt with its latest successful run's first failed check.
  const rows = await db.$queryRaw<{ question: string; position: number; userId: string; answer: unknown; failedCheck: string | null; message: string | null }[]>`
    SELECT q.slug AS question, q.position, s."userId", s.answer, failed.entry->>'name' AS "failedCheck", failed.entry->>'message' AS message
      FROM "Question" q
      JOIN "Homework" h ON h.id = q."homeworkId"
      JOIN "Submission" s ON s."questionId" = q.id
      CROSS JOIN LATERAL (
        SELECT r.verdict, r.checks FROM "GradingRun" r
         WHERE r."submissionId" = s.id AND r.status = 'succeeded'
         ORDER BY r."queuedAt" DESC, r.id DESC LIMIT 1
      ) latest
      LEFT JOIN LATERAL (
        SELECT c AS entry FROM jsonb_array_elements(CASE WHEN jsonb_typeof(latest.checks) = 'array' THEN latest.checks ELSE '[]'::jsonb END) c
         WHERE c->>'passed' = 'false' LIMIT 1
      ) failed ON true
     WHERE h."courseId" = ${courseId} AND h.slug = ${homeworkSlug} AND q.kind = 'sql' AND q."archivedAt" IS NULL
       AND latest.verdict IN ('incorrect', 'partial')
     ORDER BY q.position, s."submittedAt"`
  const byQuestion = new Map<string, { position: number; groups: Map<string, { failedCheck: string; difference: string; learners: Set<string>; shapes: Map<string, { count: number; sample: string }>; answers: number }> ; wrong: number }>()
  for (const row of rows) {
    const sql = typeof row.answer === 'string' ? row.answer : JSON.stringify(row.answer)
    const failedCheck = row.failedCheck ?? 'unknown'
    const difference = (row.message ?? '').split('\n')[0]!.trim()
    const question = byQuestion.get(row.question) ?? { position: row.position, groups: new Map(), wrong: 0 }
    byQuestion.set(row.question, question)
    question.wrong++
    const key = `${failedCheck}\u0000${difference}`
    const group = question.groups.get(key) ?? { failedCheck, difference, learners: new Set<string>(), shapes: new Map(), answers: 0 }
    question.groups.set(key, group)
    group.answers++
    group.learners.add(row.userId)
    const shape = await queryShape(sql)
    const seen = group.shapes.get(shape) ?? { count: 0, sample: sql }
    seen.count++
    group.shapes.set(shape, seen)
  }
  return [...byQuestion.entries()].map(([question, { position, groups, wrong }]) => ({
    question,
    position,
    wrongAnswers: wrong,
    mistakes: [...groups.values()]
      .map((group) => ({
        failedCheck: group.failedCheck,
        difference: group.difference,
        answers: group.answers,
        learners: group.learners.size,
        queryShapes: group.shapes.size,
        sample: [...group.shapes.values()].sort((a, b) => b.count - a.count)[0]!.sample,
      }))
      .sort((a, b) => b.learners - a.learners || b.answers - a.answers || a.difference.localeCompare(b.difference))
      .slice(0, perQuestion),
  }))
}
