// Who may see and do what with a project submission and its reviews, in one table. Pages and server
// functions ask here; nothing else decides access to projects.
import { userCan } from '../auth/permissions.ts'
import type { Role } from '../db/client.ts'
import { ForbiddenError } from '../errors.ts'
import type { ProjectPhase } from './phases.ts'

/**
 * Course instructors. Today the site-wide permission table decides (instructors and admins manage every
 * course); per-course staff can replace this one function.
 */
export function isCourseInstructor(user: { role: Role } | null | undefined, _courseSlug: string): boolean {
  return userCan(user, 'manage:courses')
}

export function requireCourseInstructor(user: { role: Role } | null | undefined, courseSlug: string): void {
  if (!isCourseInstructor(user, courseSlug)) throw new ForbiddenError('Only the course instructors can do that.')
}

/** How the viewer relates to one submission. */
export type ProjectRelation = 'author' | 'reviewer' | 'replaced-reviewer' | 'instructor' | 'other'

export interface ProjectAccess {
  /** The submission's fields (repository, description, links). */
  viewSubmission: boolean
  /** Write or change one's own review (draft or submitted). */
  editReview: boolean
  /** The reviews it received, reviewers anonymous. */
  viewReviews: boolean
  /** Who wrote each review. */
  viewReviewerIdentities: boolean
  /** Rate or flag a received review. */
  giveFeedback: boolean
  /** Change the submission. */
  editSubmission: boolean
}

const none: ProjectAccess = {
  viewSubmission: false,
  editReview: false,
  viewReviews: false,
  viewReviewerIdentities: false,
  giveFeedback: false,
  editSubmission: false,
}

export function projectAccess(relation: ProjectRelation, phase: ProjectPhase): ProjectAccess {
  switch (relation) {
    case 'instructor':
      // Instructors see everything, at every phase; they edit nobody's work.
      return { ...none, viewSubmission: true, viewReviews: true, viewReviewerIdentities: true }
    case 'author':
      return {
        ...none,
        viewSubmission: true,
        editSubmission: phase === 'submissions',
        viewReviews: phase === 'results',
        giveFeedback: phase === 'results',
      }
    case 'reviewer':
      // Only their assigned (or volunteered) project, only while reviews are open.
      return { ...none, viewSubmission: phase === 'reviewing', editReview: phase === 'reviewing' }
    case 'replaced-reviewer':
    case 'other':
      return none
  }
}

export function requireAccess(access: ProjectAccess, what: keyof ProjectAccess, message: string) {
  if (!access[what]) throw new ForbiddenError(message)
}
