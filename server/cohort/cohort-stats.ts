// The instructor's numbers for one course: enrolments over time, weekly activity, the completion funnel,
// score distributions and the hardest questions. Each is one SQL aggregate, so a 1,000-learner cohort
// costs a handful of index scans, not a row per learner in JavaScript.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'

export interface WeeklyCount {
  week: string
  count: number
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

export async function enrolmentsPerWeek(courseId: string): Promise<(WeeklyCount & { total: number })[]> {
  const rows = await db.$queryRaw<{ week: Date; count: number }[]>`
    SELECT date_trunc('week', "createdAt") AS week, count(*)::int AS count
      FROM "Enrollment" WHERE "courseId" = ${courseId}
     GROUP BY 1 ORDER BY 1`
  let total = 0
  return rows.map((row) => ({ week: isoDay(row.week), count: row.count, total: (total += row.count) }))
}

/** Learners who submitted at least one answer, per week. */
export async function activeLearnersPerWeek(courseId: string): Promise<WeeklyCount[]> {
  const rows = await db.$queryRaw<{ week: Date; count: number }[]>`
    SELECT date_trunc('week', s."submittedAt") AS week, count(DISTINCT s."userId")::int AS count
      FROM "Submission" s
      JOIN "Question" q ON q.id = s."questionId"
      JOIN "Homework" h ON h.id = q."homeworkId"
     WHERE h."courseId" = ${courseId}
     GROUP BY 1 ORDER BY 1`
  return rows.map((row) => ({ week: isoDay(row.week), count: row.count }))
}

export interface FunnelStep {
  step: string
  learners: number | null
  /** Why a step has no number. */
  note?: string
}

/** Learners who submitted a project, did all their assigned reviews, and passed (any attempt). */
async function projectFunnelSteps(courseId: string, reviewsPerLearner: number): Promise<FunnelStep[]> {
  const [submitted, reviewers, passed] = await Promise.all([
    db.projectSubmission.findMany({ where: { attempt: { courseId } }, distinct: ['userId'], select: { userId: true } }),
    db.reviewAssignment.groupBy({
      by: ['reviewerId'],
      where: { kind: 'assigned', replacedAt: null, submission: { attempt: { courseId } }, review: { submittedAt: { not: null }, discardedAt: null } },
      _count: { _all: true },
    }),
    db.projectSubmission.findMany({ where: { attempt: { courseId }, score: { passed: true } }, distinct: ['userId'], select: { userId: true } }),
  ])
  return [
    { step: 'Project submitted', learners: submitted.length },
    { step: 'Reviews done', learners: reviewers.filter((row) => row._count._all >= reviewsPerLearner).length },
    { step: 'Project passed', learners: passed.length },
  ]
}

export async function completionFunnel(courseId: string, course: LoadedCourse): Promise<FunnelStep[]> {
  const [enrolled, perHomework, certified] = await Promise.all([
    db.enrollment.count({ where: { courseId } }),
    db.$queryRaw<{ slug: string; learners: number }[]>`
      SELECT h.slug, count(DISTINCT s."userId")::int AS learners
        FROM "Homework" h
        LEFT JOIN "Question" q ON q."homeworkId" = h.id
        LEFT JOIN "Submission" s ON s."questionId" = q.id
       WHERE h."courseId" = ${courseId} AND h."archivedAt" IS NULL
       GROUP BY h.slug`,
    db.certificate.count({ where: { courseId, revokedAt: null } }),
  ])
  const submitted = new Map(perHomework.map((row) => [row.slug, row.learners]))
  const steps: FunnelStep[] = [{ step: 'Enrolled', learners: enrolled }]
  for (const week of course.weeks) {
    if (week.homework) steps.push({ step: `Submitted ${week.homework.config.title}`, learners: submitted.get(week.homework.slug) ?? 0 })
  }
  if (course.project) steps.push(...(await projectFunnelSteps(courseId, course.project.config.reviews_per_learner)))
  steps.push({ step: 'Certified', learners: certified })
  return steps
}

export interface ScoreDistribution {
  homework: string
  title: string
  learners: number
  /** Learners per tenth of the maximum: [0–10 %), [10–20 %), …, [90–100 %]. */
  buckets: number[]
  median: number | null
}

export async function scoreDistributions(courseId: string, course: LoadedCourse): Promise<ScoreDistribution[]> {
  const rows = await db.$queryRaw<{ slug: string; bucket: number; learners: number }[]>`
    SELECT h.slug, LEAST(width_bucket(sc.points / NULLIF(sc."maxPoints", 0), 0, 1, 10), 10)::int AS bucket, count(*)::int AS learners
      FROM "HomeworkScore" sc JOIN "Homework" h ON h.id = sc."homeworkId"
     WHERE h."courseId" = ${courseId} AND sc."maxPoints" > 0
     GROUP BY 1, 2`
  const medians = await db.$queryRaw<{ slug: string; median: number | null }[]>`
    SELECT h.slug, percentile_cont(0.5) WITHIN GROUP (ORDER BY sc.points)::float8 AS median
      FROM "HomeworkScore" sc JOIN "Homework" h ON h.id = sc."homeworkId"
     WHERE h."courseId" = ${courseId}
     GROUP BY 1`
  const medianOf = new Map(medians.map((row) => [row.slug, row.median]))
  return course.weeks.flatMap((week) => {
    const homework = week.homework
    if (!homework) return []
    const buckets = Array.from({ length: 10 }, () => 0)
    for (const row of rows) if (row.slug === homework.slug) buckets[Math.max(1, row.bucket) - 1]! += row.learners
    return [{ homework: homework.slug, title: homework.config.title, learners: buckets.reduce((a, b) => a + b, 0), buckets, median: medianOf.get(homework.slug) ?? null }]
  })
}

export interface QuestionDifficulty {
  homework: string
  question: string
  kind: string
  learners: number
  solved: number
  correctRate: number
  /** Mean attempt number of the first correct answer, among those who solved it. */
  attemptsToFirstSuccess: number | null
}

/** Questions by the share of learners who answered correctly, lowest first (graded attempts only); optionally of one homework. */
export async function hardestQuestions(courseId: string, limit = 10, homeworkSlug: string | null = null): Promise<QuestionDifficulty[]> {
  const rows = await db.$queryRaw<Omit<QuestionDifficulty, 'correctRate'>[]>`
    WITH graded AS (
      -- Only graded answers used an attempt (decision 042): their order is the attempt number.
      SELECT s."questionId", s."userId", latest.verdict,
             row_number() OVER (PARTITION BY s."questionId", s."userId" ORDER BY s.attempt) AS attempt_number
        FROM "Submission" s
        JOIN "Question" q ON q.id = s."questionId"
        JOIN "Homework" h ON h.id = q."homeworkId"
        CROSS JOIN LATERAL (
          SELECT r.verdict FROM "GradingRun" r
           WHERE r."submissionId" = s.id AND r.status = 'succeeded'
           ORDER BY r."queuedAt" DESC, r.id DESC LIMIT 1
        ) latest
       WHERE h."courseId" = ${courseId} AND q."archivedAt" IS NULL AND latest.verdict IN ('correct', 'partial', 'incorrect')
         AND (${homeworkSlug}::text IS NULL OR h.slug = ${homeworkSlug}::text)
    ),
    per_learner AS (
      SELECT "questionId", "userId", min(attempt_number) FILTER (WHERE verdict = 'correct') AS first_correct
        FROM graded
       GROUP BY 1, 2
    )
    SELECT h.slug AS homework, q.slug AS question, q.kind::text AS kind,
           count(*)::int AS learners, count(first_correct)::int AS solved,
           avg(first_correct)::float8 AS "attemptsToFirstSuccess"
      FROM per_learner p JOIN "Question" q ON q.id = p."questionId" JOIN "Homework" h ON h.id = q."homeworkId"
     GROUP BY h.slug, q.slug, q.kind
     ORDER BY count(first_correct)::float8 / count(*) ASC, count(*) DESC, h.slug, q.slug
     LIMIT ${limit}`
  return rows.map((row) => ({ ...row, correctRate: row.learners ? row.solved / row.learners : 0 }))
}

export async function cohortDashboard(courseId: string, course: LoadedCourse) {
  const [enrolments, active, funnel, distributions, hardest] = await Promise.all([
    enrolmentsPerWeek(courseId),
    activeLearnersPerWeek(courseId),
    completionFunnel(courseId, course),
    scoreDistributions(courseId, course),
    hardestQuestions(courseId),
  ])
  return { enrolments, active, funnel, distributions, hardest }
}

export type CohortDashboard = Awaited<ReturnType<typeof cohortDashboard>>
