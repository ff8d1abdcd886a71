import 'server-only'
// Who may do what on the platform, in one table. Pages and routes ask `userCan`/`requireUserWithPermission`;
// nothing else compares roles.
import type { Role } from '../db/client.ts'

export const permissions = {
  'view:admin': ['admin'],
  'manage:users': ['admin'],
  // Course work (cohort, regrades, certificates) is granted per course: server/staff/course-permissions.ts.
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof permissions

export function userCan(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return Boolean(user && (permissions[permission] as readonly Role[]).includes(user.role))
}
