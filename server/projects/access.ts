// Who may see and do what with a project submission and its reviews, in one table. Pages and server
// functions ask here; nothing else decides access to projects. Pure, so the grading worker (outside
// Next.js) can use it; who is an instructor is course-instructor.ts.
import { ForbiddenError } from '../errors.ts'
import type { ProjectPhase } from './phases.ts'

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
