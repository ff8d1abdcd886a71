// The learner's part of a homework page: everything on it that depends on who is asking. The page
// itself (the questions, from the course files) is the same for everyone and served from a cache; the
// browser asks for this part (GET /api/courses/[slug]/homework/[homework]/learner) and fills it in.
// Only the asker's own rows are read: their enrolment, window, attempts and extras.
import { findHomework, getCourse } from '../courses/content.ts'
import { courseNow } from '../clock.ts'
import { NotFoundError } from '../errors.ts'
import { listSubmissionsForOwner, type SubmissionView } from '../submissions/read-submission.ts'
import { homeworkState, type HomeworkState } from './dashboard.ts'
import { learnerWindow } from './deadline-extensions.ts'
import { getEnrollment } from './enrollment.ts'
import { getHomeworkExtras } from './homework-extras.ts'

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
  // Independent reads: one round of queries. Attempts and extras are read at once and kept only when enrolled.
  const windowRead = learnerWindow(user.id, where, found.homework)
  const [window, enrollment, attempts, extras] = await Promise.all([
    windowRead,
    getEnrollment(user.id, courseSlug),
    listSubmissionsForOwner(user.id, { ...where, window: windowRead }),
    getHomeworkExtras(user.id, courseSlug, homeworkSlug),
  ])
  const enrolled = Boolean(enrollment)
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
          struck: (extras?.strikes ?? []).filter((strike) => extras?.learningInPublicUrls.includes(strike.url)).map(({ url, reason }) => ({ url, reason })),
        }
      : null,
  }
}
