import type { LoadedHomework } from './loaded-course.ts'

type HomeworkWindow = Pick<LoadedHomework, 'deadline' | 'latePolicy'>

/** The last moment anyone may submit: the end of the late window, or the deadline. */
export function submissionsCloseAt(homework: HomeworkWindow): Date {
  return homework.latePolicy?.until ?? homework.deadline
}

/**
 * One learner's window after a deadline extension to `until`: the deadline moves there and the late
 * window (if any) keeps its length after it. An extension earlier than the deadline changes nothing, so a
 * mistyped date never shortens anyone's time.
 */
export function extendedWindow<Homework extends HomeworkWindow>(homework: Homework, until: Date | null | undefined): Homework {
  if (!until || until.getTime() <= homework.deadline.getTime()) return homework
  const shift = until.getTime() - homework.deadline.getTime()
  return {
    ...homework,
    deadline: until,
    latePolicy: homework.latePolicy && { ...homework.latePolicy, until: new Date(homework.latePolicy.until.getTime() + shift) },
  }
}
