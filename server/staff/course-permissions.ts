// What course staff may do, per course, in one table. Platform admins may do everything on every course.
// Pages and actions ask `courseAccessCan`; nothing else compares staff roles.
import type { CourseStaffRole } from '../db/client.ts'

export type CourseAccessRole = CourseStaffRole | 'admin'

export const coursePermissions = {
  'view:cohort': ['admin', 'instructor', 'assistant'],
  'view:submissions': ['admin', 'instructor', 'assistant'],
  'regrade:submissions': ['admin', 'instructor', 'assistant'],
  'export:cohort': ['admin', 'instructor'],
  'manage:certificates': ['admin', 'instructor'],
  'moderate:projects': ['admin', 'instructor'],
  'moderate:learning-in-public': ['admin', 'instructor'],
} as const satisfies Record<string, readonly CourseAccessRole[]>

export type CoursePermission = keyof typeof coursePermissions

export function courseRoleCan(role: CourseAccessRole | null | undefined, permission: CoursePermission): boolean {
  return Boolean(role && (coursePermissions[permission] as readonly CourseAccessRole[]).includes(role))
}
