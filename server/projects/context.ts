// The project of a loaded course with its attempt rows: what every project operation starts from.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import type { ProjectConfig } from '../../course/schema.ts'
import { db } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'
import { attemptPhase, type AttemptWindows, type ProjectPhase } from './phases.ts'

export type AttemptRow = AttemptWindows & { id: string; courseId: string; assignmentSeed: string | null }

export interface ProjectContext {
  course: LoadedCourse
  project: ProjectConfig
  courseId: string
  attempts: AttemptRow[]
}

export async function loadProjectContext(course: LoadedCourse): Promise<ProjectContext> {
  const row = await db.course.findFirst({
    where: { slug: course.slug, archivedAt: null },
    select: { id: true, projectAttempts: { orderBy: { number: 'asc' } } },
  })
  if (!course.project || !row || row.projectAttempts.length === 0) throw new NotFoundError("This course's project")
  return { course, project: course.project.config, courseId: row.id, attempts: row.projectAttempts }
}

export function findAttempt(context: ProjectContext, attemptId: string): AttemptRow {
  const attempt = context.attempts.find((candidate) => candidate.id === attemptId)
  if (!attempt) throw new NotFoundError('That project attempt')
  return attempt
}

/**
 * The attempt a learner works on now: the first whose results are not out yet, unless they passed an
 * earlier one (then that one), or the last one.
 */
export function currentAttempt(attempts: readonly AttemptRow[], now: Date, passedAttemptIds: ReadonlySet<string> = new Set()): { attempt: AttemptRow; phase: ProjectPhase } {
  const passed = attempts.find((attempt) => passedAttemptIds.has(attempt.id))
  const open = attempts.find((attempt) => attemptPhase(attempt, now) !== 'results')
  const attempt = passed ?? open ?? attempts.at(-1)!
  return { attempt, phase: attemptPhase(attempt, now) }
}

export async function requireEnrollment(userId: string, courseId: string) {
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true } })
  if (!enrollment) throw new NotFoundError('Your enrolment in this course')
  return enrollment
}
