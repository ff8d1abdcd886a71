// Courses an admin can hand to staff.
import { db } from '../db/client.ts'

export function listActiveCourses() {
  return db.course.findMany({ where: { archivedAt: null }, orderBy: { title: 'asc' }, select: { slug: true, title: true } })
}
