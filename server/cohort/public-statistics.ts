// Public statistics of one homework, as Zoomcamp learners ask for once it is scored: how many submitted,
// the score distribution, quartiles of the time spent, and each question's difficulty. Aggregates only;
// nothing is shown for fewer than MIN_LEARNERS learners, so no single learner's result can be read off.
import { db } from '../db/client.ts'

export const MIN_LEARNERS = 5

export interface Quartiles {
  learners: number
  q1: number
  median: number
  q3: number
}

export interface HomeworkStatistics {
  learners: number
  /** Learners per tenth of the maximum score. */
  buckets: number[]
  medianScore: number | null
  maxPoints: number
  homeworkHours: Quartiles | null
  lecturesHours: Quartiles | null
  questions: { slug: string; position: number; learners: number; correctRate: number }[]
}

/** null: fewer than MIN_LEARNERS learners submitted (or no such homework). */
export async function homeworkStatistics(courseSlug: string, homeworkSlug: string): Promise<HomeworkStatistics | null> {
  const homework = await db.homework.findFirst({ where: { slug: homeworkSlug, course: { slug: courseSlug } }, select: { id: true } })
  if (!homework) return null
  const [scores, hours, questions] = await Promise.all([
    db.$queryRaw<{ learners: number; buckets: number[] | null; median: number | null; max: number | null }[]>`
      SELECT count(*)::int AS learners,
             array_agg(LEAST(width_bucket(points / NULLIF("maxPoints", 0), 0, 1, 10), 10)) AS buckets,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY points)::float8 AS median, max("maxPoints")::float8 AS max
        FROM "HomeworkScore" WHERE "homeworkId" = ${homework.id}`,
    db.$queryRaw<{ kind: string; learners: number; q1: number; median: number; q3: number }[]>`
      SELECT kind, count(*)::int AS learners,
             percentile_cont(0.25) WITHIN GROUP (ORDER BY hours)::float8 AS q1,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::float8 AS median,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY hours)::float8 AS q3
        FROM (
          SELECT 'homework' AS kind, "homeworkHours" AS hours FROM "HomeworkExtras" WHERE "homeworkId" = ${homework.id} AND "homeworkHours" IS NOT NULL
          UNION ALL
          SELECT 'lectures', "lecturesHours" FROM "HomeworkExtras" WHERE "homeworkId" = ${homework.id} AND "lecturesHours" IS NOT NULL
        ) AS spent
       GROUP BY kind`,
    db.$queryRaw<{ slug: string; position: number; learners: number; solved: number }[]>`
      SELECT q.slug, q.position, count(DISTINCT s."userId")::int AS learners,
             count(DISTINCT s."userId") FILTER (WHERE latest.verdict = 'correct')::int AS solved
        FROM "Question" q
        JOIN "Submission" s ON s."questionId" = q.id
        CROSS JOIN LATERAL (
          SELECT r.verdict FROM "GradingRun" r WHERE r."submissionId" = s.id AND r.status = 'succeeded'
           ORDER BY r."queuedAt" DESC, r.id DESC LIMIT 1
        ) latest
       WHERE q."homeworkId" = ${homework.id} AND q."archivedAt" IS NULL AND latest.verdict IN ('correct', 'partial', 'incorrect')
       GROUP BY q.slug, q.position ORDER BY q.position`,
  ])
  const score = scores[0]!
  if (score.learners < MIN_LEARNERS) return null
  const buckets = Array.from({ length: 10 }, () => 0)
  for (const bucket of score.buckets ?? []) if (bucket !== null) buckets[Math.max(1, bucket) - 1]!++
  const quartiles = (kind: string) => {
    const row = hours.find((h) => h.kind === kind)
    return row && row.learners >= MIN_LEARNERS ? { learners: row.learners, q1: row.q1, median: row.median, q3: row.q3 } : null
  }
  return {
    learners: score.learners,
    buckets,
    medianScore: score.median,
    maxPoints: score.max ?? 0,
    homeworkHours: quartiles('homework'),
    lecturesHours: quartiles('lectures'),
    questions: questions
      .filter((q) => q.learners >= MIN_LEARNERS)
      .map((q) => ({ slug: q.slug, position: q.position, learners: q.learners, correctRate: q.solved / q.learners })),
  }
}
