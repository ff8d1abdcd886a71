import 'server-only'
// A learner's view of a course: progress and score per week, the next deadlines, their total
// (without the homework whose scores wait for the deadline).
import type { LoadedCourse } from '../../course/load.ts'
import { courseNow } from '../clock.ts'
import { extendedWindow } from '../../course/homework-window.ts'
import { db } from '../db/client.ts'
import { homeworkState } from './homework-state.ts'
import { withheldHomeworkSlugs } from '../scores/withheld-scores.ts'

export { homeworkState, type HomeworkState } from './homework-state.ts'

export async function learnerDashboard(userId: string, course: LoadedCourse, now = courseNow()) {
  const [scores, answered, extensions] = await Promise.all([
    db.homeworkScore.findMany({
      where: { userId, homework: { course: { slug: course.slug } } },
      select: { points: true, homework: { select: { slug: true } } },
    }),
    db.submission.findMany({
      where: { userId, question: { homework: { course: { slug: course.slug } } } },
      distinct: ['questionId'],
      select: { question: { select: { homework: { select: { slug: true } } } } },
    }),
    db.deadlineExtension.findMany({ where: { userId, homework: { course: { slug: course.slug } } }, select: { until: true, homework: { select: { slug: true } } } }),
  ])
  const extendedUntil = new Map(extensions.map((extension) => [extension.homework.slug, extension.until]))
  const pointsByHomework = new Map(scores.map((score) => [score.homework.slug, score.points]))
  // Scores of homework whose verdicts wait for the deadline are not shown, nor counted in totals.
  const withheld = new Set(withheldHomeworkSlugs(course, now))
  const withheldPoints = scores.reduce((sum, score) => sum + (withheld.has(score.homework.slug) ? score.points : 0), 0)
  const answeredByHomework = new Map<string, number>()
  for (const { question } of answered) {
    answeredByHomework.set(question.homework.slug, (answeredByHomework.get(question.homework.slug) ?? 0) + 1)
  }
  const weeks = course.weeks.map((week) => {
    // The learner's own window: a deadline extension moves the deadline and the state.
    const window = week.homework && extendedWindow(week.homework, extendedUntil.get(week.homework.slug))
    return {
      number: week.number,
      slug: week.slug,
      title: week.config.title,
      startsAt: week.startsAt,
      lessons: week.lessons.length,
      homework: week.homework && {
        slug: week.homework.slug,
        title: week.homework.config.title,
        opensAt: week.homework.opensAt,
        deadline: window!.deadline,
        state: homeworkState(window!, now),
        /** null while the homework's scores are withheld (feedback: after_deadline). */
        points: withheld.has(week.homework.slug) ? null : (pointsByHomework.get(week.homework.slug) ?? 0),
        maxPoints: week.homework.totalPoints,
        answered: answeredByHomework.get(week.homework.slug) ?? 0,
        questions: week.homework.questions.length,
      },
    }
  })
  const nextDeadlines = weeks
    .flatMap((week) => (week.homework && week.homework.state !== 'closed' ? [{ week: week.number, ...week.homework }] : []))
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime())
    .slice(0, 3)
  const maxPoints = weeks.reduce((sum, week) => sum + (week.homework?.maxPoints ?? 0), 0)
  const earned = weeks.reduce((sum, week) => sum + (week.homework?.points ?? 0), 0)
  return { weeks, nextDeadlines, homeworkPoints: earned, maxHomeworkPoints: maxPoints, withheldPoints }
}
