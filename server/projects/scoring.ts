// A project's score from its reviews, and each review's agreement with the others. Pure functions;
// results.ts stores what they compute.
//
// Rules (docs/peer-review.md):
// - A review gives a criterion the points of the chosen level (radio) or the sum of the ticked levels
//   (checkbox).
// - Per criterion the project gets the median of the counted reviews (submitted, not discarded); with an
//   even count the median is the mean of the two middle values. The median is then rounded UP to a whole
//   point — the benefit of the doubt goes to the author, as on the Zoomcamp's platform (ceil(median)).
// - The project score is the sum of the criteria points.
// - Fewer counted reviews than `minReviews`: no score is computed; an instructor decides.
// - Passed = score ≥ the pass mark AND the author completed the reviews assigned to them (at most N).
import { criterionMaxPoints, type RubricCriterion } from '../../course/schema.ts'

/** One reviewer's answer per criterion: the positions of the chosen levels in the course file. */
export type ReviewAnswers = Record<string, readonly number[]>

export interface CountedReview {
  id: string
  answers: ReviewAnswers
}

export function criterionPoints(criterion: RubricCriterion, levels: readonly number[]): number {
  const chosen = [...new Set(levels)].filter((index) => index >= 0 && index < criterion.levels.length)
  if (criterion.kind === 'radio') return chosen.length === 1 ? criterion.levels[chosen[0]!]!.points : 0
  return chosen.reduce((sum, index) => sum + criterion.levels[index]!.points, 0)
}

/** Whether an answer is complete: radio exactly one level, checkbox at least one (no unknown levels). */
export function isCompleteAnswer(criterion: RubricCriterion, levels: readonly number[]): boolean {
  if (levels.some((index) => !Number.isInteger(index) || index < 0 || index >= criterion.levels.length)) return false
  if (new Set(levels).size !== levels.length) return false
  return criterion.kind === 'radio' ? levels.length === 1 : levels.length >= 1
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export interface CriterionResult {
  criterionId: string
  /** Each counted review's points, in review order. */
  reviewPoints: number[]
  median: number
  /** ceil(median): what the project gets on this criterion. */
  points: number
  maxPoints: number
}

export type ProjectScoreResult =
  | { status: 'scored'; criteria: CriterionResult[]; projectPoints: number; maxPoints: number }
  | { status: 'needs_instructor'; reason: string; criteria: CriterionResult[] }

export function scoreProject(rubric: readonly RubricCriterion[], reviews: readonly CountedReview[], minReviews: number): ProjectScoreResult {
  const criteria = rubric.map((criterion) => {
    const reviewPoints = reviews.map((review) => criterionPoints(criterion, review.answers[criterion.id] ?? []))
    const middle = reviewPoints.length > 0 ? median(reviewPoints) : 0
    return { criterionId: criterion.id, reviewPoints, median: middle, points: Math.ceil(middle), maxPoints: criterionMaxPoints(criterion) }
  })
  if (reviews.length < minReviews) {
    return {
      status: 'needs_instructor',
      reason: `Only ${reviews.length} of the ${minReviews} reviews needed for a score were received; an instructor will grade this project.`,
      criteria,
    }
  }
  return {
    status: 'scored',
    criteria,
    projectPoints: criteria.reduce((sum, criterion) => sum + criterion.points, 0),
    maxPoints: criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0),
  }
}

export interface PassInput {
  projectPoints: number
  passMark: number
  reviewsDone: number
  reviewsRequired: number
}

export function passVerdict({ projectPoints, passMark, reviewsDone, reviewsRequired }: PassInput): { passed: boolean; reason: string } {
  const scoreOk = projectPoints >= passMark
  const reviewsOk = reviewsDone >= reviewsRequired
  if (scoreOk && reviewsOk) {
    return { passed: true, reason: `Passed: ${projectPoints} points (pass mark ${passMark}) and ${reviewsDone} of ${reviewsRequired} reviews done.` }
  }
  const reasons = [
    ...(scoreOk ? [] : [`the project scored ${projectPoints} points, below the pass mark of ${passMark}`]),
    ...(reviewsOk ? [] : [`you completed ${reviewsDone} of the ${reviewsRequired} reviews assigned to you`]),
  ]
  return { passed: false, reason: `Not passed: ${reasons.join(', and ')}.` }
}

/** Below this agreement a review is flagged for instructors. */
export const OUTLIER_AGREEMENT_BELOW = 0.6

export interface ReviewAgreement {
  reviewId: string
  /** 1 − the mean over criteria of |this review − the others' median| / the criterion's maximum; null with fewer than 2 others. */
  agreement: number | null
  isOutlier: boolean
}

/**
 * Each review compared with the consensus of the OTHER counted reviews of the same project (leave one
 * out, so a review cannot pull the consensus towards itself), in the spirit of Moodle Workshop's
 * "comparison with the best assessment".
 */
export function reviewAgreements(rubric: readonly RubricCriterion[], reviews: readonly CountedReview[]): ReviewAgreement[] {
  return reviews.map((review) => {
    const others = reviews.filter((other) => other.id !== review.id)
    if (others.length < 2) return { reviewId: review.id, agreement: null, isOutlier: false }
    const distances = rubric.map((criterion) => {
      const own = criterionPoints(criterion, review.answers[criterion.id] ?? [])
      const consensus = median(others.map((other) => criterionPoints(criterion, other.answers[criterion.id] ?? [])))
      return Math.abs(own - consensus) / criterionMaxPoints(criterion)
    })
    const agreement = Math.round((1 - distances.reduce((sum, value) => sum + value, 0) / distances.length) * 1000) / 1000
    return { reviewId: review.id, agreement, isOutlier: agreement < OUTLIER_AGREEMENT_BELOW }
  })
}

export interface CriterionComparison {
  criterionId: string
  /** This review's points on the criterion. */
  yours: number
  /** The median of the other counted reviews' points; null when no other review counts. */
  others: number | null
  maxPoints: number
}

/**
 * What a reviewer sees after results: per criterion, the points they gave and the median the other
 * counted reviews gave (the same leave-one-out consensus as the agreement), never the others' own levels.
 */
export function compareWithOthers(rubric: readonly RubricCriterion[], review: CountedReview, others: readonly CountedReview[]): CriterionComparison[] {
  return rubric.map((criterion) => {
    const otherPoints = others.filter((other) => other.id !== review.id).map((other) => criterionPoints(criterion, other.answers[criterion.id] ?? []))
    return {
      criterionId: criterion.id,
      yours: criterionPoints(criterion, review.answers[criterion.id] ?? []),
      others: otherPoints.length > 0 ? median(otherPoints) : null,
      maxPoints: criterionMaxPoints(criterion),
    }
  })
}
