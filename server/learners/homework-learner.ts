// The learner's part of a homework page: everything on it that depends on who is asking. The page
// itself (the questions, from the course files) is the same for everyone and served from a cache; the
// browser asks for this part (GET /api/courses/[slug]/homework/[homework]/learner) and fills it in.
// Only the asker's own rows are read: their enrolment, window, attempts and extras.
import { findHomework, getCourse } from '../courses/content.ts'
import { courseNow } from '../clock.ts'
import { NotFoundError } from '../errors.ts'
import { listSubmissionsForOwner, type SubmissionView } from '../submissions/read-submission.ts'
import { homeworkState, type HomeworkState } from './dashboard.ts'
import { db } from '../db/client.ts'
import { extendedWindow } from '../../course/homework-window.ts'

export interface HomeworkExtrasView {
  solutionUrl: string
  learningInPublicUrls: string[]
  lecturesHours: number | null
  homeworkHours: number | null
  faqUrl: string
  /** Links course staff struck (and still listed by the learner), with the reason: they earn no point. */
  struck: { url: string; reason: string }[]
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
      /** Null unless enrolled. */
      extras: HomeworkExtrasView | null
    }

/** The learner's part of the page for `user` (null: a visitor), or a NotFoundError for an unknown course or homework. */
export async function homeworkLearnerView(user: { id: string } | null, courseSlug: string, homeworkSlug: string): Promise<HomeworkLearnerView> {
  const course = await getCourse(courseSlug)
  const found = course && findHomework(course, homeworkSlug)
  if (!found) throw new NotFoundError(`The homework "${homeworkSlug}"`)
  if (!user) return { signedIn: false, state: homeworkState(found.homework, courseNow()) }
  const where = { courseSlug, homeworkSlug }
  // Two statements at once: the learner's own rows, and their attempts (kept only when enrolled), which
  // take the window from the first (the withheld-feedback check needs it).
  const rowsRead = learnerRows(user.id, courseSlug, homeworkSlug)
  const windowRead = rowsRead.then((rows) => extendedWindow(found.homework, rows.extensionUntil))
  const [{ enrolled, extras }, window, attempts] = await Promise.all([rowsRead, windowRead, listSubmissionsForOwner(user.id, { ...where, window: windowRead })])
  const state = homeworkState(window, courseNow())
  return {
    signedIn: true,
    learnerId: user.id,
    enrolled,
    state,
    canAnswer: enrolled && (state === 'open' || state === 'late'),
    deadline: window.deadline.toISOString(),
    latePolicy: window.latePolicy ? { until: window.latePolicy.until.toISOString(), penalty: window.latePolicy.penalty } : null,
    extended: window !== found.homework,
    attempts: enrolled ? attempts : [],
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

interface ExtrasRow {
  solutionUrl: string | null
  learningInPublicUrls: string[]
  lecturesHours: number | null
  homeworkHours: number | null
  faqUrl: string | null
  /** Oldest first. */
  strikes: { url: string; reason: string }[]
}

/**
 * The learner's own rows for one homework in one statement (this part is read on every view of the
 * page): whether they are enrolled (`getEnrollment`), their extension (`learnerWindow`) and their extras
 * with the links staff struck (`getHomeworkExtras`) — the same rows those read, in one round trip
 * instead of four. homework-learner.test.ts checks each against them.
 */
export async function learnerRows(userId: string, courseSlug: string, homeworkSlug: string): Promise<{ enrolled: boolean; extensionUntil: Date | null; extras: ExtrasRow | null }> {
  const [row] = await db.$queryRaw<{ enrolled: boolean; extensionUntil: Date | null; extras: ExtrasRow | null }[]>`
    WITH homework AS (
      SELECT h."id" FROM "Homework" h JOIN "Course" c ON c."id" = h."courseId" WHERE c."slug" = ${courseSlug} AND h."slug" = ${homeworkSlug}
    )
    SELECT
      EXISTS (
        SELECT 1 FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
         WHERE e."userId" = ${userId} AND c."slug" = ${courseSlug} AND c."archivedAt" IS NULL
      ) AS "enrolled",
      (SELECT x."until" FROM "DeadlineExtension" x WHERE x."userId" = ${userId} AND x."homeworkId" IN (SELECT "id" FROM homework) LIMIT 1) AS "extensionUntil",
      (SELECT json_build_object(
                'solutionUrl', x."solutionUrl", 'learningInPublicUrls', x."learningInPublicUrls",
                'lecturesHours', x."lecturesHours", 'homeworkHours', x."homeworkHours", 'faqUrl', x."faqUrl",
                'strikes', coalesce((SELECT json_agg(json_build_object('url', s."url", 'reason', s."reason") ORDER BY s."struckAt")
                                       FROM "LearningInPublicStrike" s WHERE s."homeworkExtrasId" = x."id"), '[]'::json))
         FROM "HomeworkExtras" x WHERE x."userId" = ${userId} AND x."homeworkId" IN (SELECT "id" FROM homework) LIMIT 1) AS "extras"`
  return row!
}
