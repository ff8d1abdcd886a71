// Who reviews whom: a pure function of the submitters, N and a seed (the database part is assign-reviewers.ts).
//
// The submitters are shuffled with the seed into a ring; submission i is reviewed by the N submitters that
// follow it (i+1 … i+N, modulo the ring). That is the Zoomcamp's "one pool per review slot", made exact:
// every project gets exactly N reviewers, every reviewer gets exactly N projects, nobody reviews
// themselves (N < ring size) and no pair repeats (the offsets differ). A cohort smaller than N+1 cannot
// satisfy that and goes to instructor review.
import { createHash } from 'node:crypto'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export interface ReviewPair {
  submitterId: string
  reviewerId: string
}

export type AssignmentPlan = { kind: 'peer'; pairs: ReviewPair[] } | { kind: 'instructor'; reason: string }

function seedNumber(seed: string): number {
  return createHash('sha256').update(seed).digest().readInt32BE(0)
}

/** Fisher–Yates with a seeded generator; the input order does not matter (it is sorted first). */
export function seededShuffle<T extends string>(items: readonly T[], seed: string): T[] {
  const result = [...items].sort()
  const random = xoroshiro128plus(seedNumber(seed))
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = uniformInt(random, 0, index)
    ;[result[index], result[other]] = [result[other]!, result[index]!]
  }
  return result
}

export function assignPeerReviewers(submitterIds: readonly string[], reviewersPerProject: number, seed: string): AssignmentPlan {
  const unique = [...new Set(submitterIds)]
  if (unique.length < reviewersPerProject + 1) {
    return {
      kind: 'instructor',
      reason: `Only ${unique.length} project${unique.length === 1 ? ' was' : 's were'} submitted; peer review needs at least ${reviewersPerProject + 1}, so an instructor reviews them.`,
    }
  }
  const ring = seededShuffle(unique, seed)
  const pairs: ReviewPair[] = []
  for (let index = 0; index < ring.length; index += 1) {
    for (let offset = 1; offset <= reviewersPerProject; offset += 1) {
      pairs.push({ submitterId: ring[index]!, reviewerId: ring[(index + offset) % ring.length]! })
    }
  }
  return { kind: 'peer', pairs }
}

export interface ActiveAssignment {
  submitterId: string
  reviewerId: string
}

/**
 * A replacement for one reviewer of `submitterId`: among the other submitters of the attempt who are not
 * the author, not already reviewing it and not excluded (dropped out, or the reviewer being replaced),
 * the one with the fewest active reviews; ties broken by the seed. Null when nobody is eligible.
 */
export function pickReplacementReviewer(input: {
  submitterIds: readonly string[]
  active: readonly ActiveAssignment[]
  submitterId: string
  excluded: ReadonlySet<string>
  seed: string
}): string | null {
  const { submitterIds, active, submitterId, excluded, seed } = input
  const reviewing = new Set(active.filter((pair) => pair.submitterId === submitterId).map((pair) => pair.reviewerId))
  const load = new Map<string, number>()
  for (const pair of active) load.set(pair.reviewerId, (load.get(pair.reviewerId) ?? 0) + 1)
  const order = seededShuffle([...new Set(submitterIds)], `${seed}:${submitterId}`)
  const eligible = order.filter((id) => id !== submitterId && !reviewing.has(id) && !excluded.has(id))
  if (eligible.length === 0) return null
  // A stable sort keeps the seeded order among equal loads.
  return eligible.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0))[0]!
}
