// Where an attempt is in its life: upcoming → collecting submissions → (assigning) → peer reviewing →
// results. Windows come from the course files; an instructor may move them (the *Override columns).
export type ProjectPhase = 'upcoming' | 'submissions' | 'assigning' | 'reviewing' | 'results'

export interface AttemptWindows {
  number: number
  opensAt: Date
  submissionDeadline: Date
  reviewDeadline: Date
  opensAtOverride: Date | null
  submissionDeadlineOverride: Date | null
  reviewDeadlineOverride: Date | null
  assignedAt: Date | null
}

export function effectiveWindows(attempt: AttemptWindows) {
  return {
    opensAt: attempt.opensAtOverride ?? attempt.opensAt,
    submissionDeadline: attempt.submissionDeadlineOverride ?? attempt.submissionDeadline,
    reviewDeadline: attempt.reviewDeadlineOverride ?? attempt.reviewDeadline,
  }
}

export function attemptPhase(attempt: AttemptWindows, now: Date): ProjectPhase {
  const { opensAt, submissionDeadline, reviewDeadline } = effectiveWindows(attempt)
  if (now < opensAt) return 'upcoming'
  if (now < submissionDeadline) return 'submissions'
  if (now < reviewDeadline) return attempt.assignedAt ? 'reviewing' : 'assigning'
  return 'results'
}

export const PHASE_LABEL: Record<ProjectPhase, string> = {
  upcoming: 'Not open yet',
  submissions: 'Collecting submissions',
  assigning: 'Assigning reviewers',
  reviewing: 'Peer reviewing',
  results: 'Results',
}

/** The next moment that changes something for a learner, with what it is; null after the reviews close. */
export function nextDeadline(attempt: AttemptWindows, now: Date): { label: string; at: Date } | null {
  const { opensAt, submissionDeadline, reviewDeadline } = effectiveWindows(attempt)
  const phase = attemptPhase(attempt, now)
  if (phase === 'upcoming') return { label: `Attempt ${attempt.number} opens`, at: opensAt }
  if (phase === 'submissions') return { label: `Submit attempt ${attempt.number} by`, at: submissionDeadline }
  if (phase === 'assigning' || phase === 'reviewing') return { label: `Reviews for attempt ${attempt.number} due`, at: reviewDeadline }
  return null
}
