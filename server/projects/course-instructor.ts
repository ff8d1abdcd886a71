import 'server-only'
// Who moderates a course's final project: its course staff with `moderate:projects` (instructors) and
// platform admins — the per-course table of server/staff/course-permissions.ts, never the platform role.
import type { Role } from '../db/client.ts'
import { ForbiddenError } from '../errors.ts'
import { courseRoleCan } from '../staff/course-permissions.ts'
import { courseAccessFor } from '../staff/course-staff.ts'

export async function isCourseInstructor(user: { id: string; role: Role } | null | undefined, courseSlug: string): Promise<boolean> {
  if (!user) return false
  const access = await courseAccessFor(user, courseSlug)
  return courseRoleCan(access?.role, 'moderate:projects')
}

export async function requireCourseInstructor(user: { id: string; role: Role } | null | undefined, courseSlug: string): Promise<void> {
  if (!(await isCourseInstructor(user, courseSlug))) throw new ForbiddenError('Only the course instructors can do that.')
}
