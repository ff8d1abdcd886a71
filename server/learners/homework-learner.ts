// The learner's part of a homework page: everything on it that depends on who is asking. The page
// itself (the questions, from the course files) is the same for everyone and served from a cache; the
// browser asks for this part (GET /api/courses/[slug]/homework/[homework]/learner) and fills it in.
// Only the asker's own rows are read: their enrolment, window, attempts and extras.
import { findHomework, readRecentCourse } from '../courses/recent-course.ts'
import { courseNow } from '../clock.ts'
import { NotFoundError } from '../errors.ts'
import { listedAttemptViews, withheldUntilIn, type ListedAttemptRow, type SubmissionView } from '../submissions/attempt-views.ts'
import type { SessionClaims } from '../auth/session.ts'
import { homeworkState, type HomeworkState } from './homework-state.ts'
import { dbPool, Prisma } from '../db/client.ts'
import { extendedWindow } from '../../course/homework-window.ts'
import type { LoadedHomework } from '../../course/loaded-course.ts'
import { maxAttemptsFor } from '../submissions/attempt-policy.ts'
import { usesAnAttemptGivenLatestRunSql } from '../submissions/attempt-use.ts'

export interface HomeworkExtrasView {
  solutionUrl: string
  learningInPublicUrls: string[]
  lecturesHours: number | null
  homeworkHours: number | null
  faqUrl: string
  /** Links course staff struck (and still listed by the learner), with the reason: they earn no point. */
  struck: { url: string; reason: string }[]
}

/** A question's attempt limit and how much of it the learner has used (`used` may exceed `allowed` after a lowered limit). */
export interface AttemptLimitView {
  used: number
  allowed: number
}

export type HomeworkLearnerView =
  /** A visitor: the homework calendar's state now (the cached page may be a few seconds old). */
  | { signedIn: false; state: HomeworkState }
  | {
      signedIn: true
      /** Drafts are kept per learner in the browser. */
      learnerId: string
      enrolled: boolean
      /** The learner's own calendar state (an extension moves their deadline). */
      state: HomeworkState
      canAnswer: boolean
      deadline: string
      latePolicy: { until: string; penalty: number } | null
      /** Whether `deadline` is the learner's extension rather than the homework's. */
      extended: boolean
      /** Newest first; empty unless enrolled. */
      attempts: SubmissionView[]
      /**
       * By question slug, each question with an attempt limit (`max_attempts`, or a choice question's one):
       * the attempts the learner used, counted as the server counts them before it refuses one more.
       * Empty unless enrolled. A question that is absent allows any number.
       */
      attemptLimits: Record<string, AttemptLimitView>
      /** Null unless enrolled. */
      extras: HomeworkExtrasView | null
    }

/**
 * The learner's part of the page for a session's claims (null: a visitor), or a NotFoundError for an
 * unknown course or homework. The claims' session version is checked in the statement that reads the
 * learner's rows (`learnerPartRows`): a revoked session, or an account that is gone, gets a visitor's
 * answer, as getUser would give.
 */
export async function homeworkLearnerView(session: SessionClaims | null, courseSlug: string, homeworkSlug: string): Promise<HomeworkLearnerView> {
  const course = await readRecentCourse(courseSlug)
  const found = course && findHomework(course, homeworkSlug)
  if (!found) throw new NotFoundError(`The homework "${homeworkSlug}"`)
  const rows = session && (await learnerPartRows(session, courseSlug, homeworkSlug))
  const now = courseNow()
  if (!session || !rows?.current) return { signedIn: false, state: homeworkState(found.homework, now) }
  const { enrolled, extras } = rows
  const window = extendedWindow(found.homework, rows.extensionUntil)
  const state = homeworkState(window, now)
  return {
    signedIn: true,
    learnerId: session.userId,
    enrolled,
    state,
    canAnswer: enrolled && (state === 'open' || state === 'late'),
    deadline: window.deadline.toISOString(),
    latePolicy: window.latePolicy ? { until: window.latePolicy.until.toISOString(), penalty: window.latePolicy.penalty } : null,
    extended: window !== found.homework,
    attempts: enrolled ? listedAttemptViews(rows.attempts, { courseSlug, homeworkSlug }, withheldUntilIn(window, now)) : [],
    attemptLimits: enrolled ? attemptLimitsOf(found.homework, rows.attemptsUsed) : {},
    extras: enrolled
      ? {
          solutionUrl: extras?.solutionUrl ?? '',
          learningInPublicUrls: extras?.learningInPublicUrls ?? [],
          lecturesHours: extras?.lecturesHours ?? null,
          homeworkHours: extras?.homeworkHours ?? null,
          faqUrl: extras?.faqUrl ?? '',
          struck: (extras?.strikes ?? []).filter((strike) => extras?.learningInPublicUrls.includes(strike.url)),
        }
      : null,
  }
}

function attemptLimitsOf(homework: LoadedHomework, attemptsUsed: Record<string, number>): Record<string, AttemptLimitView> {
  const limits: Record<string, AttemptLimitView> = {}
  for (const question of homework.questions) {
    const allowed = maxAttemptsFor(homework, question.kind)
    if (allowed !== null) limits[question.slug] = { used: attemptsUsed[question.slug] ?? 0, allowed }
  }
  return limits
}

interface ExtrasRow {
  solutionUrl: string | null
  learningInPublicUrls: string[]
  lecturesHours: number | null
  homeworkHours: number | null
  faqUrl: string | null
  /** Oldest first. */
  strikes: { url: string; reason: string }[]
}

/** At most this many attempts are listed (listSubmissionsForOwner's default). */
const MAX_LISTED_ATTEMPTS = 200

/** An ISO time (`Date#toISOString`) of a timestamp(3) column, which holds UTC. */
const iso = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)

interface LearnerPartRows {
  current: boolean
  enrolled: boolean
  extensionUntil: Date | null
  extras: ExtrasRow | null
  attempts: ListedAttemptRow[]
  /** Attempts used (`usesAnAttemptSql`) by question slug, over all the learner's submissions; questions with none are absent. */
  attemptsUsed: Record<string, number>
}

/**
 * Everything of the learner's part in one statement (it is read on every signed-in view of the page):
 * whether the session is current (the user's session version is the token's: sign-out raises it), and
 * only then the learner's own rows — whether they are enrolled (`getEnrollment`), their extension
 * (`learnerWindow`), their extras with the links staff struck (`getHomeworkExtras`) and their attempts
 * with each one's latest run and attempt number (`listSubmissionsForOwner`) and the attempts used per question (as
 * `submitAnswer` counts them against the limit): the rows those read, in one round trip instead
 * of six. Every row is the session's user's own (`me`, empty for a revoked session).
 * homework-learner.test.ts checks each against them.
 */
export async function learnerPartRows(
  session: SessionClaims,
  courseSlug: string,
  homeworkSlug: string,
): Promise<LearnerPartRows> {
  const statement = learnerPartStatement(session, courseSlug, homeworkSlug)
  // Straight to the pool, prepared once per connection under one name (its text never depends on the values).
  const { rows } = await dbPool().query<LearnerPartRows>({
    name: 'learner_part',
    text: statement.text,
    values: statement.values,
  })
  return rows[0]!
}

// Each submission's latest run is read once (`submitted`), and whether it used an attempt, its attempt
// number and the attempts used per question all come from that row.
const USES_AN_ATTEMPT = Prisma.raw(usesAnAttemptGivenLatestRunSql('s', 'r."verdict"'))

/** learnerPartRows's statement. */
export function learnerPartStatement(session: SessionClaims, courseSlug: string, homeworkSlug: string): Prisma.Sql {
  return Prisma.sql`
    WITH me AS (
      SELECT u."id" FROM "User" u WHERE u."id" = ${session.userId} AND u."sessionVersion" = ${session.sessionVersion}
    ), homework AS (
      SELECT h."id" FROM "Homework" h JOIN "Course" c ON c."id" = h."courseId" WHERE c."slug" = ${courseSlug} AND h."slug" = ${homeworkSlug}
    ), submitted AS (
      SELECT s."id", s."questionId", q."slug" AS "questionSlug", s."attempt", s."isLate", s."latePenalty", s."submittedAt", s."answer",
             ${USES_AN_ATTEMPT} AS "uses", r."id" AS "runId", r."status" AS "runStatus", r."engine", r."verdict", r."score", r."points",
             r."checks", r."error", r."deadLetteredAt", r."attempts" AS "runAttempts", r."progress", r."queuedAt", r."startedAt",
             r."finishedAt", r."durationMs"
        FROM "Submission" s JOIN "Question" q ON q."id" = s."questionId"
        LEFT JOIN LATERAL (SELECT * FROM "GradingRun" r WHERE r."submissionId" = s."id" ORDER BY r."queuedAt" DESC, r."id" DESC LIMIT 1) r ON true
       WHERE s."userId" IN (SELECT "id" FROM me) AND q."homeworkId" IN (SELECT "id" FROM homework)
    )
    SELECT
      EXISTS (SELECT 1 FROM me) AS "current",
      EXISTS (
        SELECT 1 FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
         WHERE e."userId" IN (SELECT "id" FROM me) AND c."slug" = ${courseSlug} AND c."archivedAt" IS NULL
      ) AS "enrolled",
      (SELECT x."until" AT TIME ZONE 'UTC' FROM "DeadlineExtension" x WHERE x."userId" IN (SELECT "id" FROM me) AND x."homeworkId" IN (SELECT "id" FROM homework) LIMIT 1) AS "extensionUntil",
      (SELECT json_build_object(
                'solutionUrl', x."solutionUrl", 'learningInPublicUrls', x."learningInPublicUrls",
                'lecturesHours', x."lecturesHours", 'homeworkHours', x."homeworkHours", 'faqUrl', x."faqUrl",
                'strikes', coalesce((SELECT json_agg(json_build_object('url', s."url", 'reason', s."reason") ORDER BY s."struckAt")
                                       FROM "LearningInPublicStrike" s WHERE s."homeworkExtrasId" = x."id"), '[]'::json))
         FROM "HomeworkExtras" x WHERE x."userId" IN (SELECT "id" FROM me) AND x."homeworkId" IN (SELECT "id" FROM homework) LIMIT 1) AS "extras",
      (SELECT coalesce(json_agg(json_build_object(
                'id', s."id", 'questionSlug', s."questionSlug", 'attempt', s."attempt", 'attemptNumber', s."attemptNumber", 'isLate', s."isLate",
                'latePenalty', s."latePenalty", 'submittedAt', ${iso('s."submittedAt"')}, 'answer', s."answer",
                'run', CASE WHEN s."runId" IS NULL THEN NULL ELSE json_build_object(
                  'id', s."runId", 'status', s."runStatus", 'engine', s."engine", 'verdict', s."verdict", 'score', s."score",
                  'points', s."points", 'checks', s."checks", 'error', s."error", 'deadLettered', s."deadLetteredAt" IS NOT NULL,
                  'attempts', s."runAttempts", 'progress', s."progress", 'queuedAt', ${iso('s."queuedAt"')},
                  'startedAt', ${iso('s."startedAt"')}, 'finishedAt', ${iso('s."finishedAt"')}, 'durationMs', s."durationMs") END)
              ORDER BY s."submittedAt" DESC, s."attempt" DESC), '[]'::json)
         FROM (SELECT submitted.*, CASE WHEN "uses" THEN count(*) FILTER (WHERE "uses") OVER (PARTITION BY "questionId" ORDER BY "attempt") END AS "attemptNumber"
                 FROM submitted
                -- The window counts over every submission: it runs before the ORDER BY and LIMIT.
                ORDER BY "submittedAt" DESC, "attempt" DESC LIMIT ${MAX_LISTED_ATTEMPTS}) s) AS "attempts",
      (SELECT coalesce(json_object_agg(used."questionSlug", used."count"), '{}'::json)
         FROM (SELECT "questionSlug", count(*)::int AS "count" FROM submitted WHERE "uses" GROUP BY "questionSlug") used) AS "attemptsUsed"`
}
