// Final-project points in the course total: the best attempt's submission side, every attempt's reviews.
import { describe, expect, it } from 'vitest'
import { projectCoursePoints, type AttemptPoints } from './course-points.ts'

const attempt = (fields: Partial<AttemptPoints>): AttemptPoints => ({ projectPoints: 0, projectLearningInPublic: 0, reviewPoints: 0, reviewLearningInPublic: 0, ...fields })

describe('projectCoursePoints', () => {
  it('is 0 before any results', () => {
    expect(projectCoursePoints([])).toBe(0)
  })

  it('adds the project score, its learning in public, the review points and the reviews’ learning in public', () => {
    expect(projectCoursePoints([attempt({ projectPoints: 20, projectLearningInPublic: 3, reviewPoints: 9, reviewLearningInPublic: 2 })])).toBe(34)
  })

  it('counts the submission side of the best attempt only, and the reviews of every attempt', () => {
    const first = attempt({ projectPoints: 10, projectLearningInPublic: 4, reviewPoints: 9 })
    const retake = attempt({ projectPoints: 18, projectLearningInPublic: 1, reviewPoints: 6, reviewLearningInPublic: 1 })
    // best submission side: max(14, 19) = 19; reviews: 9 + 7 = 16.
    expect(projectCoursePoints([first, retake])).toBe(35)
    // A weaker retake does not lower the points.
    expect(projectCoursePoints([first, attempt({ projectPoints: 2, reviewPoints: 3 })])).toBe(14 + 12)
  })

  it('counts a project waiting for an instructor as 0 until it is graded, but its reviews and links count', () => {
    expect(projectCoursePoints([attempt({ projectPoints: null, projectLearningInPublic: 2, reviewPoints: 9 })])).toBe(11)
  })
})
