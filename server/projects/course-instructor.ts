import 'server-only'
// Course instructors. Today the site-wide permission table decides (instructors and admins manage every
// course); per-course staff can replace these two functions.
import { userCan } from '../auth/permissions.ts'
import type { Role } from '../db/client.ts'
import { ForbiddenError } from '../errors.ts'

export function isCourseInstructor(user: { role: Role } | null | undefined, _courseSlug: string): boolean {
  return userCan(user, 'manage:courses')
}

export function requireCourseInstructor(user: { role: Role } | null | undefined, courseSlug: string): void {
  if (!isCourseInstructor(user, courseSlug)) throw new ForbiddenError('Only the course instructors can do that.')
}
