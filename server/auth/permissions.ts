import 'server-only'
// Who may do what, in one table. Pages and routes ask `userCan`/`requireUserWithPermission`;
// nothing else compares roles.
import type { Role } from '../db/client.ts'

export const permissions = {
  'view:admin': ['admin'],
  'manage:users': ['admin'],
  'manage:courses': ['admin', 'instructor'],
  'view:all-submissions': ['admin', 'instructor'],
  'regrade:submissions': ['admin', 'instructor'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof permissions

export function userCan(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return Boolean(user && (permissions[permission] as readonly Role[]).includes(user.role))
}
