import { describe, expect, it } from 'vitest'
import { projectAccess, type ProjectRelation } from './access.ts'
import { courseRoleCan } from '../staff/course-permissions.ts'
import type { ProjectPhase } from './phases.ts'

const phases: ProjectPhase[] = ['upcoming', 'submissions', 'assigning', 'reviewing', 'results']
const relations: ProjectRelation[] = ['author', 'reviewer', 'replaced-reviewer', 'instructor', 'other']

/** The whole matrix, written out: relation → phases in which each right holds. */
const expected: Record<ProjectRelation, Record<string, ProjectPhase[]>> = {
  author: { viewSubmission: phases, editSubmission: ['submissions'], viewReviews: ['results'], giveFeedback: ['results'], editReview: [], viewReviewerIdentities: [] },
  reviewer: { viewSubmission: ['reviewing'], editReview: ['reviewing'], editSubmission: [], viewReviews: [], giveFeedback: [], viewReviewerIdentities: [] },
  'replaced-reviewer': { viewSubmission: [], editReview: [], editSubmission: [], viewReviews: [], giveFeedback: [], viewReviewerIdentities: [] },
  instructor: { viewSubmission: phases, viewReviews: phases, viewReviewerIdentities: phases, editReview: [], editSubmission: [], giveFeedback: [] },
  other: { viewSubmission: [], editReview: [], editSubmission: [], viewReviews: [], giveFeedback: [], viewReviewerIdentities: [] },
}

describe('projectAccess', () => {
  for (const relation of relations) {
    it(`${relation}: exactly the expected rights in every phase`, () => {
      for (const phase of phases) {
        const access = projectAccess(relation, phase)
        for (const [right, allowedIn] of Object.entries(expected[relation])) {
          expect(access[right as keyof typeof access], `${relation} ${right} in ${phase}`).toBe(allowedIn.includes(phase))
        }
      }
    })
  }

  it('nobody but instructors ever sees reviewer identities, and nobody edits after the reviews close', () => {
    for (const relation of relations) {
      expect(projectAccess(relation, 'reviewing').viewReviewerIdentities).toBe(relation === 'instructor')
      expect(projectAccess(relation, 'results').editReview).toBe(false)
      expect(projectAccess(relation, 'results').editSubmission).toBe(false)
    }
  })

  it('the project is moderated by course instructors and platform admins, not by assistants', () => {
    expect(courseRoleCan('instructor', 'moderate:projects')).toBe(true)
    expect(courseRoleCan('admin', 'moderate:projects')).toBe(true)
    expect(courseRoleCan('assistant', 'moderate:projects')).toBe(false)
    expect(courseRoleCan(null, 'moderate:projects')).toBe(false)
  })
})
