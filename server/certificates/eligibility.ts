// Certification rules from the course files (course.yaml `certificate:`), evaluated per learner.
// Pure: the caller gathers the learner's progress; this says which requirements are met and what is left.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import type { ProjectOutcome } from './project-outcomes.ts'

export interface CertificationRules {
  /** Fraction of all homework points, 0 = homework optional. */
  minHomeworkFraction: number
  projectRequired: boolean
  reviewsRequired: number
}

/** The course's rules, or null when the course issues no certificates (no `certificate:` block). */
export function certificationRules(course: Pick<LoadedCourse, 'config'>): CertificationRules | null {
  const config = course.config.certificate
  if (!config) return null
  return { minHomeworkFraction: config.min_homework_score, projectRequired: config.project_required, reviewsRequired: config.reviews_required }
}

export interface LearnerProgress {
  homeworkPoints: number
  maxHomeworkPoints: number
  /** null: the final-project module cannot tell yet (project-outcomes.ts). */
  project: ProjectOutcome | null
}

export interface CertificationDeadlines {
  projectSubmission?: Date
  projectReview?: Date
  timezone: string
}

export type RequirementStatus = 'met' | 'unmet' | 'unknown'
export type RequirementId = 'homework' | 'project' | 'reviews'

export interface Requirement {
  id: RequirementId
  status: RequirementStatus
  label: string
  /** What is left, as a learner reads it ("Review 2 more projects by 15 Mar"); null once met. */
  left: string | null
}

export type EligibilityState = 'eligible' | 'in_progress' | 'not_evaluable'

export interface Eligibility {
  state: EligibilityState
  requirements: Requirement[]
}

const NOT_EVALUABLE = 'Project results are not available on this platform yet.'

function shortDate(date: Date, timezone: string) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: timezone }).format(date)
}

function points(value: number) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

export function evaluateCertification(rules: CertificationRules, progress: LearnerProgress, deadlines: CertificationDeadlines): Eligibility {
  const requirements: Requirement[] = []
  const by = (date: Date | undefined) => (date ? ` by ${shortDate(date, deadlines.timezone)}` : '')

  if (rules.minHomeworkFraction > 0) {
    const needed = rules.minHomeworkFraction * progress.maxHomeworkPoints
    // A tiny tolerance: 0.1 + 0.2 style sums must not fail a learner who has exactly the mark.
    const met = progress.homeworkPoints + 1e-9 >= needed
    requirements.push({
      id: 'homework',
      status: met ? 'met' : 'unmet',
      label: `Homework: at least ${Math.round(rules.minHomeworkFraction * 100)}% of the points (${points(needed)} of ${points(progress.maxHomeworkPoints)})`,
      left: met ? null : `Earn ${points(Math.ceil((needed - progress.homeworkPoints) * 10) / 10)} more homework points`,
    })
  }

  if (rules.projectRequired) {
    const project = progress.project
    let status: RequirementStatus
    let left: string | null
    if (!project) [status, left] = ['unknown', NOT_EVALUABLE]
    else if (project.passed === true) [status, left] = ['met', null]
    else if (!project.submitted) [status, left] = ['unmet', `Submit your final project${by(deadlines.projectSubmission)}`]
    else if (project.passed === null) [status, left] = ['unmet', `Wait for your project's peer reviews${deadlines.projectReview ? ` (results after ${shortDate(deadlines.projectReview, deadlines.timezone)})` : ''}`]
    else [status, left] = ['unmet', 'Your project did not pass; see its reviews for what to improve']
    requirements.push({ id: 'project', status, label: 'Pass the final project', left })
  }

  if (rules.reviewsRequired > 0) {
    const project = progress.project
    const remaining = project ? Math.max(0, rules.reviewsRequired - project.reviewsDone) : null
    const noun = (n: number) => (n === 1 ? 'project' : 'projects')
    requirements.push({
      id: 'reviews',
      status: remaining === null ? 'unknown' : remaining === 0 ? 'met' : 'unmet',
      label: `Review ${rules.reviewsRequired} of your peers' ${noun(rules.reviewsRequired)}`,
      left: remaining === null ? NOT_EVALUABLE : remaining === 0 ? null : `Review ${remaining} more ${noun(remaining)}${by(deadlines.projectReview)}`,
    })
  }

  const state: EligibilityState = requirements.some((r) => r.status === 'unmet')
    ? 'in_progress'
    : requirements.some((r) => r.status === 'unknown')
      ? 'not_evaluable'
      : 'eligible'
  return { state, requirements }
}

/** One sentence for the credential's criteria and the instructor's page. */
export function describeRules(rules: CertificationRules): string {
  const parts: string[] = []
  if (rules.projectRequired) parts.push('passed the final project')
  if (rules.reviewsRequired > 0) parts.push(`reviewed ${rules.reviewsRequired} peers' projects`)
  if (rules.minHomeworkFraction > 0) parts.push(`earned at least ${Math.round(rules.minHomeworkFraction * 100)}% of the homework points`)
  if (parts.length === 0) return 'Enrolled in the course.'
  const sentence = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  return `The learner ${sentence}.`
}

/** The deadlines of the project attempt still open at `now` (the last attempt once all have closed). */
export function deadlinesOf(course: Pick<LoadedCourse, 'project' | 'config'>, now = new Date()): CertificationDeadlines {
  const attempts = course.project?.attempts ?? []
  const current = attempts.find((attempt) => attempt.reviewDeadline >= now) ?? attempts.at(-1)
  return {
    projectSubmission: current?.submissionDeadline,
    projectReview: current?.reviewDeadline,
    timezone: course.config.timezone,
  }
}

export function maxHomeworkPoints(course: Pick<LoadedCourse, 'weeks'>) {
  return course.weeks.reduce((sum, week) => sum + (week.homework?.totalPoints ?? 0), 0)
}
