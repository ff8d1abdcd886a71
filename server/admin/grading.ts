import 'server-only'
// What instructors need to run grading: the courses and homework ids to regrade.
import { db } from '../db/client.ts'

export async function regradeTargets() {
  const courses = await db.course.findMany({
    where: { archivedAt: null },
    orderBy: { title: 'asc' },
    select: { slug: true, title: true, homeworks: { where: { archivedAt: null }, orderBy: { deadline: 'asc' }, select: { slug: true } } },
  })
  return courses.map((course) => ({ slug: course.slug, title: course.title, homeworks: course.homeworks.map((homework) => homework.slug) }))
}
