import type { LoadedHomework } from './loaded-course.ts'

/** The last moment anyone may submit: the end of the late window, or the deadline. */
export function submissionsCloseAt(homework: Pick<LoadedHomework, 'deadline' | 'latePolicy'>): Date {
  return homework.latePolicy?.until ?? homework.deadline
}
