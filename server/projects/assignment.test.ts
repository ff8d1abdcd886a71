import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignPeerReviewers, pickReplacementReviewer, type ReviewPair } from './assignment.ts'

const cohort = (size: number) => Array.from({ length: size }, (_, index) => `learner-${index}`)

function countBy(pairs: readonly ReviewPair[], key: keyof ReviewPair) {
  const counts = new Map<string, number>()
  for (const pair of pairs) counts.set(pair[key], (counts.get(pair[key]) ?? 0) + 1)
  return counts
}

const cohortAndN = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: n + 1, max: 60 }), fc.string({ minLength: 1, maxLength: 12 })))

describe('assignPeerReviewers', () => {
  it('gives every project exactly N reviewers and every reviewer exactly N projects, never themselves, no pair twice', () => {
    fc.assert(
      fc.property(cohortAndN, ([n, size, seed]) => {
        const plan = assignPeerReviewers(cohort(size), n, seed)
        if (plan.kind !== 'peer') return false
        const { pairs } = plan
        expect(pairs.every((pair) => pair.reviewerId !== pair.submitterId)).toBe(true)
        expect(new Set(pairs.map((pair) => `${pair.submitterId}>${pair.reviewerId}`)).size).toBe(pairs.length)
        const perProject = countBy(pairs, 'submitterId')
        const perReviewer = countBy(pairs, 'reviewerId')
        expect(perProject.size).toBe(size)
        expect(perReviewer.size).toBe(size)
        expect([...perProject.values()].every((count) => count === n)).toBe(true)
        expect([...perReviewer.values()].every((count) => count === n)).toBe(true)
        return true
      }),
    )
  })

  it('is deterministic for a seed, whatever the input order, and differs between seeds', () => {
    fc.assert(
      fc.property(cohortAndN, ([n, size, seed]) => {
        const learners = cohort(size)
        const first = assignPeerReviewers(learners, n, seed)
        const shuffled = assignPeerReviewers([...learners].reverse(), n, seed)
        expect(shuffled).toEqual(first)
      }),
    )
    const learners = cohort(30)
    expect(assignPeerReviewers(learners, 3, 'a')).not.toEqual(assignPeerReviewers(learners, 3, 'b'))
  })

  it('sends cohorts smaller than N+1 to instructor review', () => {
    for (const size of [0, 1, 2, 3]) expect(assignPeerReviewers(cohort(size), 3, 'seed').kind).toBe('instructor')
    expect(assignPeerReviewers(cohort(4), 3, 'seed').kind).toBe('peer')
    // Duplicates in the input count once.
    expect(assignPeerReviewers(['a', 'a', 'b', 'c'], 3, 'seed').kind).toBe('instructor')
  })
})

describe('pickReplacementReviewer', () => {
  it('after drop-outs every project still has N reviewers, never its author, no pair twice, the least-loaded eligible reviewer chosen', () => {
    fc.assert(
      fc.property(
        cohortAndN.chain(([n, size, seed]) =>
          fc.tuple(fc.constant(n), fc.constant(size), fc.constant(seed), fc.subarray(cohort(size), { maxLength: Math.max(0, size - n - 1) })),
        ),
        ([n, size, seed, dropped]) => {
          const learners = cohort(size)
          const plan = assignPeerReviewers(learners, n, seed)
          if (plan.kind !== 'peer') return false
          let active = plan.pairs.filter((pair) => !dropped.includes(pair.reviewerId))
          const excluded = new Set(dropped)
          for (const lost of plan.pairs.filter((pair) => dropped.includes(pair.reviewerId))) {
            const eligibleLoads = learners
              .filter((id) => id !== lost.submitterId && !excluded.has(id) && !active.some((pair) => pair.submitterId === lost.submitterId && pair.reviewerId === id))
              .map((id) => active.filter((pair) => pair.reviewerId === id).length)
            const replacement = pickReplacementReviewer({ submitterIds: learners, active, submitterId: lost.submitterId, excluded, seed })
            if (replacement === null) {
              expect(eligibleLoads).toEqual([])
              continue
            }
            expect(active.filter((pair) => pair.reviewerId === replacement).length).toBe(Math.min(...eligibleLoads))
            active = [...active, { submitterId: lost.submitterId, reviewerId: replacement }]
          }
          expect(active.every((pair) => pair.reviewerId !== pair.submitterId && !excluded.has(pair.reviewerId))).toBe(true)
          expect(new Set(active.map((pair) => `${pair.submitterId}>${pair.reviewerId}`)).size).toBe(active.length)
          // With at least N+1 learners left, nobody is ever short of reviewers.
          for (const learner of learners) expect(active.filter((pair) => pair.submitterId === learner).length).toBe(n)
          return true
        },
      ),
    )
  })

  it('keeps the load within one of the others when one reviewer is replaced', () => {
    fc.assert(
      fc.property(cohortAndN.filter(([n, size]) => size >= n + 3), ([n, size, seed]) => {
        const learners = cohort(size)
        const plan = assignPeerReviewers(learners, n, seed)
        if (plan.kind !== 'peer') return false
        const [lost] = plan.pairs
        const active = plan.pairs.slice(1)
        const replacement = pickReplacementReviewer({ submitterIds: learners, active, submitterId: lost!.submitterId, excluded: new Set([lost!.reviewerId]), seed })
        expect(replacement).not.toBeNull()
        const loads = countBy([...active, { submitterId: lost!.submitterId, reviewerId: replacement! }], 'reviewerId')
        loads.delete(lost!.reviewerId)
        expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1)
        return true
      }),
    )
  })

  it('returns null when nobody is left to review', () => {
    const active = [
      { submitterId: 'a', reviewerId: 'b' },
      { submitterId: 'a', reviewerId: 'c' },
    ]
    expect(pickReplacementReviewer({ submitterIds: ['a', 'b', 'c', 'd'], active, submitterId: 'a', excluded: new Set(['d']), seed: 's' })).toBeNull()
  })
})
