import 'server-only'
// The admin's view of accounts, paged.
import { z } from 'zod'
import { db } from '../db/client.ts'

export const PAGE_SIZE = 25

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1)

export async function listUsers(page: number) {
  const [total, users] = await Promise.all([
    db.user.count(),
    db.user.findMany({
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, email: true, name: true, role: true, createdAt: true, _count: { select: { submissions: true } } },
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
