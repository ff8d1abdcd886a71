// Test helper: the database rows of a loaded course (what course sync writes), learners and
// enrollments, so grading tests can submit to the fixture course.
import { randomBytes } from 'node:crypto'
import type { LoadedCourse } from '../../../course/loaded-course.ts'
import { db } from '../../db/client.ts'

export interface SeededCourse {
  courseId: string
  homeworkIds: Record<string, string>
  /** By `<homework-id>/<question-id>`. */
  questionIds: Record<string, string>
}

export async function seedCourseRows(course: LoadedCourse): Promise<SeededCourse> {
  const row = await db.course.create({
    data: {
      slug: course.slug,
      title: course.config.title,
      summary: course.config.summary,
      startsAt: course.startsAt,
      timezone: course.config.timezone,
      contentHash: course.contentHash,
    },
  })
  const homeworkIds: Record<string, string> = {}
  const questionIds: Record<string, string> = {}
  for (const week of course.weeks) {
    const moduleRow = await db.module.create({
      data: { courseId: row.id, slug: week.slug, position: week.number, title: week.config.title, contentHash: week.contentHash },
    })
    const homework = week.homework
    if (!homework) continue
    const homeworkRow = await db.homework.create({
      data: {
        courseId: row.id,
        moduleId: moduleRow.id,
        slug: homework.slug,
        title: homework.config.title,
        deadline: homework.deadline,
        contentHash: homework.contentHash,
      },
    })
    homeworkIds[homework.slug] = homeworkRow.id
    for (const question of homework.questions) {
      const questionRow = await db.question.create({
        data: {
          homeworkId: homeworkRow.id,
          slug: question.slug,
          position: question.number,
          kind: question.kind,
          engine: question.engine,
          maxPoints: question.spec.points,
          contentHash: question.contentHash,
        },
      })
      questionIds[`${homework.slug}/${question.slug}`] = questionRow.id
    }
  }
  return { courseId: row.id, homeworkIds, questionIds }
}

export async function createLearner({ enrolIn }: { enrolIn?: string } = {}) {
  const user = await db.user.create({ data: { email: `learner-${randomBytes(5).toString('hex')}@example.test`, name: 'Learner' } })
  if (enrolIn) await db.enrollment.create({ data: { userId: user.id, courseId: enrolIn } })
  return user
}
