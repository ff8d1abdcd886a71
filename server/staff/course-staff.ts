// Course staff: who teaches which course. Managed by admins (browser and CLI); read by the course guard.
import { z } from 'zod'
import { db, type CourseStaffRole, type Role } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'
import type { CourseAccessRole } from './course-permissions.ts'

export const staffRoles = ['instructor', 'assistant'] as const satisfies readonly CourseStaffRole[]

export const courseStaffInput = z.object({
  courseSlug: z.string().trim().min(1, 'Choose a course.'),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter the email of an existing account.')),
  role: z.enum(staffRoles, 'The role is instructor or assistant.').default('instructor'),
})

async function courseIdOf(slug: string) {
  const course = await db.course.findUnique({ where: { slug }, select: { id: true } })
  if (!course) throw new NotFoundError(`The course "${slug}"`)
  return course.id
}

async function userIdOf(email: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } })
  if (!user) throw new NotFoundError(`An account with the email ${email}`)
  return user.id
}

/** Adds someone to a course's staff, or changes their staff role. Idempotent. */
/** Input as typed by a person (form or CLI); validated here. */
export async function addCourseStaff(input: { courseSlug: string; email: string; role?: string }, addedById: string | null = null) {
  const { courseSlug, email, role } = courseStaffInput.parse(input)
  const [courseId, userId] = await Promise.all([courseIdOf(courseSlug), userIdOf(email)])
  return db.courseStaff.upsert({
    where: { courseId_userId: { courseId, userId } },
    create: { courseId, userId, role, addedById },
    update: { role },
    select: { id: true, role: true, createdAt: true },
  })
}

/** Removes someone from a course's staff; false when they were not on it. */
export async function removeCourseStaff(courseSlug: string, email: string): Promise<boolean> {
  const [courseId, userId] = await Promise.all([courseIdOf(courseSlug), userIdOf(email)])
  const { count } = await db.courseStaff.deleteMany({ where: { courseId, userId } })
  return count > 0
}

export async function listCourseStaff(courseSlug?: string) {
  return db.courseStaff.findMany({
    where: courseSlug ? { course: { slug: courseSlug } } : {},
    orderBy: [{ course: { slug: 'asc' } }, { role: 'asc' }, { user: { email: 'asc' } }],
    select: {
      role: true,
      createdAt: true,
      course: { select: { slug: true, title: true } },
      user: { select: { id: true, email: true, name: true } },
    },
  })
}

/** The courses a user is staff of, with their role there. */
export async function staffCoursesOf(userId: string) {
  return db.courseStaff.findMany({
    where: { userId, course: { archivedAt: null } },
    orderBy: { course: { title: 'asc' } },
    select: { role: true, course: { select: { slug: true, title: true } } },
  })
}

/** The courses whose instructor pages a user may open: every active course for an admin. */
export async function taughtCourses(user: { id: string; role: Role }): Promise<{ role: CourseAccessRole; course: { slug: string; title: string } }[]> {
  if (user.role !== 'admin') return staffCoursesOf(user.id)
  const courses = await db.course.findMany({ where: { archivedAt: null }, orderBy: { title: 'asc' }, select: { slug: true, title: true } })
  return courses.map((course) => ({ role: 'admin', course }))
}

export interface CourseAccess {
  course: { id: string; slug: string; title: string }
  role: CourseAccessRole
}

/** A user's role on a course: `admin` for platform admins, their staff role, or null (no access). */
export async function courseAccessFor(user: { id: string; role: Role }, courseSlug: string): Promise<CourseAccess | null> {
  const course = await db.course.findUnique({
    where: { slug: courseSlug },
    select: { id: true, slug: true, title: true, staff: { where: { userId: user.id }, select: { role: true } } },
  })
  if (!course) return null
  const role: CourseAccessRole | null = user.role === 'admin' ? 'admin' : (course.staff[0]?.role ?? null)
  return role ? { course: { id: course.id, slug: course.slug, title: course.title }, role } : null
}
