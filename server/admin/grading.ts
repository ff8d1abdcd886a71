import 'server-only'
// What instructors need to run grading: the courses and homework ids to regrade.
import { db } from '../db/client.ts'

/** Every active course's homework ids, or one course's. */
export async function regradeTargets(courseSlug?: string) {
  const courses = await db.course.findMany({
    where: { archivedAt: null, ...(courseSlug ? { slug: courseSlug } : {}) },
    orderBy: { title: 'asc' },
    select: { slug: true, title: true, homeworks: { where: { archivedAt: null }, orderBy: { deadline: 'asc' }, select: { slug: true } } },
  })
  return courses.map((course) => ({ slug: course.slug, title: course.title, homeworks: course.homeworks.map((homework) => homework.slug) }))
}
