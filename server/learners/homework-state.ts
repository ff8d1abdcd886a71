// A homework's place in its calendar. Not `server-only`: `syllabus web` answers the homework page's
// learner's part outside Next.js (decision 033).

export type HomeworkState = 'upcoming' | 'open' | 'late' | 'closed'

/** Where a homework is in its calendar at `now`: not open yet, open, in its late window, or closed. */
export function homeworkState(homework: { opensAt: Date; deadline: Date; latePolicy: { until: Date } | null }, now: Date): HomeworkState {
  if (now < homework.opensAt) return 'upcoming'
  if (now <= homework.deadline) return 'open'
  if (homework.latePolicy && now <= homework.latePolicy.until) return 'late'
  return 'closed'
}
