import 'server-only'
// The course catalog on the home page: published (synced, not archived) courses.
import { db } from './db/client.ts'
import { shortLived } from './cache/short-lived.ts'

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

/** The catalog as the home page shows it, shared by the requests of 5 s (its learner counts may lag that much). */
export const catalogSnapshot = shortLived(listCatalog, { ttlMs: 5_000 })

export async function listEnrollments(userId: string) {
  return db.enrollment.findMany({
    where: { userId, course: { archivedAt: null } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, course: { select: { slug: true, title: true, startsAt: true } } },
  })
}
