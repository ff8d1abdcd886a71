import 'server-only'
// The admin's view of accounts: search, paging, the platform role.
import { z } from 'zod'
import { db, type Prisma, type Role } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'

export const PAGE_SIZE = 25

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1)

/** A search box's text: trimmed, at most 200 characters, empty means "everyone". */
export const searchParam = z.string().trim().max(200).catch('').default('')

export const roles = ['learner', 'instructor', 'admin'] as const satisfies readonly Role[]

export function userSearchWhere(query: string): Prisma.UserWhereInput {
  if (!query) return {}
  return {
    OR: [{ email: { contains: query, mode: 'insensitive' } }, { name: { contains: query, mode: 'insensitive' } }],
  }
}

export async function listUsers(page: number, query = '') {
  const where = userSearchWhere(query)
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        createdAt: true,
        _count: { select: { submissions: true, courseStaff: true } },
      },
    }),
  ])
  return { total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), users }
}

export async function platformCounts() {
  const [users, courses, submissions, enrollments] = await Promise.all([
    db.user.count(),
    db.course.count({ where: { archivedAt: null } }),
    db.submission.count(),
    db.enrollment.count(),
  ])
  return { users, courses, submissions, enrollments }
}

/** One account with its course staff places, for the admin's account page. */
export async function accountForAdmin(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      courseStaff: { orderBy: { course: { title: 'asc' } }, select: { role: true, course: { select: { slug: true, title: true } } } },
      _count: { select: { submissions: true, enrollments: true } },
    },
  })
  if (!user) throw new NotFoundError('That account')
  return user
}

export class LastAdminError extends AppError {
  constructor() {
    super('conflict', 'This is the last administrator. Make someone else an administrator first.')
  }
}

export const platformRoleInput = z.object({
  userId: z.string().min(1),
  role: z.enum(roles, 'The role is learner, instructor or admin.'),
})

/**
 * Changes an account's platform role. The platform always keeps one administrator: demoting the last one
 * is refused (checked inside the transaction, so two admins demoting each other cannot both succeed).
 */
export async function setPlatformRole(input: { userId: string; role: string }) {
  const { userId, role } = platformRoleInput.parse(input)
  return db.$transaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } })
      if (!user) throw new NotFoundError('That account')
      if (user.role === 'admin' && role !== 'admin') {
        const admins = await tx.user.count({ where: { role: 'admin' } })
        if (admins <= 1) throw new LastAdminError()
      }
      return tx.user.update({ where: { id: userId }, data: { role }, select: { id: true, email: true, role: true } })
    },
    { isolationLevel: 'Serializable' },
  )
}
