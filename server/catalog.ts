import 'server-only'
// The course catalog on the home page: published (synced, not archived) courses.
import { db } from './db/client.ts'

export async function listCatalog() {
  const courses = await db.course.findMany({
    where: { archivedAt: null },
    orderBy: [{ startsAt: 'asc' }, { title: 'asc' }],
    select: {
      slug: true,
      title: true,
      summary: true,
      startsAt: true,
      timezone: true,
      _count: { select: { modules: { where: { archivedAt: null } }, enrollments: true } },
    },
  })
  return courses.map(({ _count, ...course }) => ({ ...course, weeks: _count.modules, learners: _count.enrollments }))
}


export async function listEnrollments(userId: string) {
  return db.enrollment.findMany({
    where: { userId, course: { archivedAt: null } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, course: { select: { slug: true, title: true, startsAt: true } } },
  })
}
