import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rubricCriterionSchema, type RubricCriterion } from '../../course/schema.ts'
import { compareWithOthers, criterionPoints, isCompleteAnswer, median, passVerdict, reviewAgreements, scoreProject, type CountedReview } from './scoring.ts'

const radio: RubricCriterion = rubricCriterionSchema.parse({
  id: 'problem',
  title: 'Problem',
  levels: [
    { points: 0, description: 'none' },
    { points: 2, description: 'brief' },
    { points: 4, description: 'clear' },
  ],
})
const checkbox: RubricCriterion = rubricCriterionSchema.parse({
  id: 'pipeline',
  title: 'Pipeline',
  kind: 'checkbox',
  levels: [
    { points: 0, description: 'none of these' },
    { points: 1, description: 'script' },
    { points: 1, description: 'orchestrated' },
    { points: 2, description: 'data lake' },
  ],
})
const rubric = [radio, checkbox]

const review = (id: string, problem: number[], pipeline: number[]): CountedReview => ({ id, answers: { problem, pipeline } })

describe('criterion points', () => {
  it('radio takes the one chosen level; checkbox sums the ticked levels', () => {
    expect(criterionPoints(radio, [1])).toBe(2)
    expect(criterionPoints(checkbox, [1, 3])).toBe(3)
    expect(criterionPoints(checkbox, [0])).toBe(0)
    expect(criterionPoints(checkbox, [1, 2, 3])).toBe(4)
  })

  it('accepts only complete answers: radio exactly one level, checkbox one or more, no unknown or repeated level', () => {
    expect(isCompleteAnswer(radio, [2])).toBe(true)
    expect(isCompleteAnswer(radio, [])).toBe(false)
    expect(isCompleteAnswer(radio, [0, 1])).toBe(false)
    expect(isCompleteAnswer(radio, [3])).toBe(false)
    expect(isCompleteAnswer(checkbox, [])).toBe(false)
    expect(isCompleteAnswer(checkbox, [1, 1])).toBe(false)
    expect(isCompleteAnswer(checkbox, [1, 2, 3])).toBe(true)
    expect(isCompleteAnswer(checkbox, [-1])).toBe(false)
  })
})

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values for an even count', () => {
    expect(median([4, 0, 2])).toBe(2)
    expect(median([0, 4])).toBe(2)
    expect(median([2, 4, 4, 0])).toBe(3)
    expect(median([1])).toBe(1)
  })

  it('lies between the smallest and the largest value, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 15 }), (values) => {
        const middle = median(values)
        expect(middle).toBeGreaterThanOrEqual(Math.min(...values))
        expect(middle).toBeLessThanOrEqual(Math.max(...values))
        expect(median([...values].reverse())).toBe(middle)
      }),
    )
  })
})

describe('scoreProject', () => {
  it('sums the per-criterion medians rounded up (even counts give the author the benefit of the doubt)', () => {
    const result = scoreProject(rubric, [review('a', [1], [1]), review('b', [2], [1, 3])], 2)
    // problem: median(2, 4) = 3; pipeline: median(1, 3) = 2
    expect(result).toMatchObject({ status: 'scored', projectPoints: 5, maxPoints: 8 })
    if (result.status !== 'scored') throw new Error('expected a score')
    expect(result.criteria.map((criterion) => [criterion.median, criterion.points])).toEqual([
      [3, 3],
      [2, 2],
    ])
    const odd = scoreProject(rubric, [review('a', [0], [0]), review('b', [2], [1, 2]), review('c', [2], [1, 2, 3])], 2)
    expect(odd).toMatchObject({ status: 'scored', projectPoints: 4 + 2 })
    const half = scoreProject(rubric, [review('a', [0], [1]), review('b', [0], [0])], 2)
    // pipeline: median(1, 0) = 0.5, rounded up to 1
    expect(half).toMatchObject({ status: 'scored', projectPoints: 1 })
  })

  it('makes up no score when too few reviews count: the project goes to an instructor', () => {
    const result = scoreProject(rubric, [review('a', [2], [3])], 2)
    expect(result.status).toBe('needs_instructor')
    expect(result).not.toHaveProperty('projectPoints')
    expect(scoreProject(rubric, [], 1).status).toBe('needs_instructor')
  })

  it('a discarded review (left out of the list) changes the median', () => {
    const all = [review('a', [2], [1]), review('b', [2], [1]), review('unfair', [0], [0])]
    const withUnfair = scoreProject(rubric, all, 2)
    const without = scoreProject(rubric, all.filter((item) => item.id !== 'unfair'), 2)
    expect(withUnfair).toMatchObject({ projectPoints: 4 + 1 })
    expect(without).toMatchObject({ projectPoints: 4 + 1 })
    const twoLow = [review('a', [2], [1]), review('low1', [0], [0]), review('low2', [0], [0])]
    expect(scoreProject(rubric, twoLow, 2)).toMatchObject({ projectPoints: 0 })
    expect(scoreProject(rubric, twoLow.filter((item) => item.id !== 'low2'), 2)).toMatchObject({ projectPoints: 2 + 1 })
  })

  it('never exceeds the maximum nor goes below zero', () => {
    const answer = (criterion: RubricCriterion) =>
      criterion.kind === 'radio'
        ? fc.integer({ min: 0, max: criterion.levels.length - 1 }).map((index) => [index])
        : fc.uniqueArray(fc.integer({ min: 0, max: criterion.levels.length - 1 }), { minLength: 1 })
    const reviews = fc.array(fc.tuple(answer(radio), answer(checkbox)), { minLength: 1, maxLength: 7 })
    fc.assert(
      fc.property(reviews, (answers) => {
        const result = scoreProject(rubric, answers.map(([problem, pipeline], index) => review(String(index), problem, pipeline)), 1)
        if (result.status !== 'scored') return false
        expect(result.projectPoints).toBeGreaterThanOrEqual(0)
        expect(result.projectPoints).toBeLessThanOrEqual(result.maxPoints)
        return true
      }),
    )
  })
})

describe('passVerdict', () => {
  it('needs both the pass mark and the assigned reviews, and says which is missing', () => {
    expect(passVerdict({ projectPoints: 5, passMark: 5, reviewsDone: 3, reviewsRequired: 3 }).passed).toBe(true)
    const low = passVerdict({ projectPoints: 4, passMark: 5, reviewsDone: 3, reviewsRequired: 3 })
    expect(low).toMatchObject({ passed: false })
    expect(low.reason).toContain('below the pass mark of 5')
    const lazy = passVerdict({ projectPoints: 8, passMark: 5, reviewsDone: 1, reviewsRequired: 3 })
    expect(lazy.reason).toContain('1 of the 3 reviews')
    expect(lazy.reason).not.toContain('pass mark of')
  })
})

describe('reviewAgreements', () => {
  it('flags the review far from the others and keeps agreeing ones at 1', () => {
    const agreements = reviewAgreements(rubric, [review('a', [2], [1, 2, 3]), review('b', [2], [1, 2, 3]), review('c', [2], [1, 2, 3]), review('harsh', [0], [0])])
    expect(agreements.find((item) => item.reviewId === 'a')).toMatchObject({ agreement: 1, isOutlier: false })
    expect(agreements.find((item) => item.reviewId === 'harsh')).toMatchObject({ agreement: 0, isOutlier: true })
  })

  it('says nothing (null) with fewer than two other reviews to compare with', () => {
    expect(reviewAgreements(rubric, [review('a', [2], [1]), review('b', [0], [0])]).map((item) => item.agreement)).toEqual([null, null])
  })
})

describe('compareWithOthers', () => {
  it("gives per criterion the reviewer's points and the median of the other reviews, leaving the reviewer out", () => {
    const mine = review('mine', [0], [0])
    // problem: the others gave 2 and 4 (median 3); pipeline: 1+1 and 1+1+2 (median 3).
    const others = [review('b', [1], [1, 2]), review('c', [2], [1, 2, 3]), mine]
    expect(compareWithOthers(rubric, mine, others)).toEqual([
      { criterionId: 'problem', yours: 0, others: 3, maxPoints: 4 },
      { criterionId: 'pipeline', yours: 0, others: 3, maxPoints: 4 },
    ])
  })

  it('has no median to show when no other review counts', () => {
    const mine = review('mine', [2], [3])
    expect(compareWithOthers(rubric, mine, [mine]).map((entry) => entry.others)).toEqual([null, null])
  })
})
