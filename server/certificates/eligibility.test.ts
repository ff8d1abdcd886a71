import { describe, expect, it } from 'vitest'
import { describeRules, evaluateCertification, type CertificationRules } from './eligibility.ts'

const zoomcamp: CertificationRules = { minHomeworkFraction: 0, projectRequired: true, reviewsRequired: 3 }
const deadlines = { projectSubmission: new Date('2027-03-08T22:00:00Z'), projectReview: new Date('2027-03-15T22:00:00Z'), timezone: 'Europe/Berlin' }
const progress = (project: { submitted: boolean; passed: boolean | null; reviewsDone: number } | null, homeworkPoints = 0) => ({
  homeworkPoints,
  maxHomeworkPoints: 80,
  project,
})

describe('certification rules (Zoomcamp: project passed and 3 reviews; homework optional)', () => {
  it('is eligible with a passed project and 3 reviews, whatever the homework', () => {
    const result = evaluateCertification(zoomcamp, progress({ submitted: true, passed: true, reviewsDone: 3 }, 0), deadlines)
    expect(result.state).toBe('eligible')
    expect(result.requirements.map((r) => r.id)).toEqual(['project', 'reviews'])
    expect(result.requirements.every((r) => r.left === null)).toBe(true)
  })

  it('says what is left, with the deadline in the course time zone', () => {
    const result = evaluateCertification(zoomcamp, progress({ submitted: true, passed: true, reviewsDone: 1 }), deadlines)
    expect(result.state).toBe('in_progress')
    expect(result.requirements.find((r) => r.id === 'reviews')!.left).toBe('Review 2 more projects by 15 Mar')
    const one = evaluateCertification(zoomcamp, progress({ submitted: true, passed: true, reviewsDone: 2 }), deadlines)
    expect(one.requirements.find((r) => r.id === 'reviews')!.left).toBe('Review 1 more project by 15 Mar')
    // 23:30 Berlin on 8 March is still 8 March there, though 22:30 UTC.
    const late = evaluateCertification(zoomcamp, progress({ submitted: false, passed: null, reviewsDone: 0 }), {
      ...deadlines,
      projectSubmission: new Date('2027-03-08T22:30:00Z'),
    })
    expect(late.requirements.find((r) => r.id === 'project')!.left).toBe('Submit your final project by 8 Mar')
  })

  it('separates a project waiting for reviews from a failed one', () => {
    const waiting = evaluateCertification(zoomcamp, progress({ submitted: true, passed: null, reviewsDone: 3 }), deadlines)
    expect(waiting.requirements[0]).toMatchObject({ status: 'unmet', left: "Wait for your project's peer reviews (results after 15 Mar)" })
    const failed = evaluateCertification(zoomcamp, progress({ submitted: true, passed: false, reviewsDone: 3 }), deadlines)
    expect(failed.state).toBe('in_progress')
    expect(failed.requirements[0]!.left).toMatch(/did not pass/)
  })

  it('without the project module, the project requirements are not evaluable (never met)', () => {
    const result = evaluateCertification(zoomcamp, progress(null, 80), deadlines)
    expect(result.state).toBe('not_evaluable')
    expect(result.requirements.map((r) => r.status)).toEqual(['unknown', 'unknown'])
    expect(result.requirements[0]!.left).toMatch(/not available/)
  })

  it('an unmet requirement wins over an unknown one: the learner still has work to do', () => {
    const rules = { minHomeworkFraction: 0.5, projectRequired: true, reviewsRequired: 3 }
    expect(evaluateCertification(rules, progress(null, 10), deadlines).state).toBe('in_progress')
    expect(evaluateCertification(rules, progress(null, 40), deadlines).state).toBe('not_evaluable')
  })
})

describe('a homework threshold', () => {
  const rules = { minHomeworkFraction: 0.6, projectRequired: false, reviewsRequired: 0 }
  it('is met at exactly the mark, and counts the points left', () => {
    expect(evaluateCertification(rules, progress(null, 48), deadlines).state).toBe('eligible')
    const short = evaluateCertification(rules, progress(null, 45.5), deadlines)
    expect(short.state).toBe('in_progress')
    expect(short.requirements).toEqual([
      { id: 'homework', status: 'unmet', label: 'Homework: at least 60% of the points (48 of 80)', left: 'Earn 2.5 more homework points' },
    ])
  })
  it('tolerates floating-point sums at the mark', () => {
    expect(evaluateCertification({ ...rules, minHomeworkFraction: 0.3 }, { homeworkPoints: 0.1 + 0.2, maxHomeworkPoints: 1, project: null }, deadlines).state).toBe('eligible')
  })
})

describe('describeRules', () => {
  it('reads as one sentence', () => {
    expect(describeRules(zoomcamp)).toBe("The learner passed the final project and reviewed 3 peers' projects.")
    expect(describeRules({ minHomeworkFraction: 0.5, projectRequired: false, reviewsRequired: 0 })).toBe('The learner earned at least 50% of the homework points.')
  })
})
