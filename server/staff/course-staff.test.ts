import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db/client.ts'
import { coursePermissions, courseRoleCan, type CoursePermission } from './course-permissions.ts'
import { addCourseStaff, courseAccessFor, listCourseStaff, removeCourseStaff, staffCoursesOf } from './course-staff.ts'

const course = (slug: string) => ({ slug, title: slug.toUpperCase(), summary: '', startsAt: new Date(), timezone: 'UTC', contentHash: 'x' })

let users: Record<'admin' | 'instructorA' | 'assistantA' | 'instructorB' | 'platformInstructor' | 'learner', { id: string; role: 'admin' | 'instructor' | 'learner' }>

beforeAll(async () => {
  await db.course.createMany({ data: [course('course-a'), course('course-b')] })
  const make = (email: string, role: 'admin' | 'instructor' | 'learner' = 'learner') => db.user.create({ data: { email, role }, select: { id: true, role: true } })
  users = {
    admin: await make('admin@example.com', 'admin'),
    instructorA: await make('ina@example.com'),
    assistantA: await make('asa@example.com'),
    instructorB: await make('inb@example.com'),
    // The platform role alone opens no course: staff rows do.
    platformInstructor: await make('global@example.com', 'instructor'),
    learner: await make('learner@example.com'),
  }
  await addCourseStaff({ courseSlug: 'course-a', email: 'INA@example.com ', role: 'instructor' }, users.admin.id)
  await addCourseStaff({ courseSlug: 'course-a', email: 'asa@example.com', role: 'assistant' })
  await addCourseStaff({ courseSlug: 'course-b', email: 'inb@example.com' })
})

describe('course access matrix', () => {
  const expected: Record<keyof typeof users, Record<'course-a' | 'course-b', string | null>> = {
    admin: { 'course-a': 'admin', 'course-b': 'admin' },
    instructorA: { 'course-a': 'instructor', 'course-b': null },
    assistantA: { 'course-a': 'assistant', 'course-b': null },
    instructorB: { 'course-a': null, 'course-b': 'instructor' },
    platformInstructor: { 'course-a': null, 'course-b': null },
    learner: { 'course-a': null, 'course-b': null },
  }
  for (const [who, perCourse] of Object.entries(expected)) {
    for (const [slug, role] of Object.entries(perCourse)) {
      it(`${who} on ${slug}: ${role ?? 'no access'}`, async () => {
        const access = await courseAccessFor(users[who as keyof typeof users], slug)
        expect(access?.role ?? null).toBe(role)
        if (access) expect(access.course.slug).toBe(slug)
      })
    }
  }

  it('an unknown course gives no access, even to an admin', async () => {
    expect(await courseAccessFor(users.admin, 'no-such-course')).toBeNull()
  })

  it('assistants see the cohort and regrade but neither export nor certify', () => {
    const allowed = (role: 'admin' | 'instructor' | 'assistant') =>
      (Object.keys(coursePermissions) as CoursePermission[]).filter((permission) => courseRoleCan(role, permission)).sort()
    expect(allowed('admin')).toEqual(Object.keys(coursePermissions).sort())
    expect(allowed('instructor')).toEqual(Object.keys(coursePermissions).sort())
    expect(allowed('assistant')).toEqual(['regrade:submissions', 'view:cohort', 'view:submissions'])
    expect(courseRoleCan(null, 'view:cohort')).toBe(false)
  })
})

describe('managing course staff', () => {
  it('adding twice changes the role instead of duplicating', async () => {
    await addCourseStaff({ courseSlug: 'course-b', email: 'learner@example.com', role: 'assistant' })
    await addCourseStaff({ courseSlug: 'course-b', email: 'learner@example.com', role: 'instructor' })
    const staff = await listCourseStaff('course-b')
    expect(staff.map((member) => [member.user.email, member.role])).toEqual([
      ['inb@example.com', 'instructor'],
      ['learner@example.com', 'instructor'],
    ])
    expect((await staffCoursesOf(users.learner.id)).map((row) => row.course.slug)).toEqual(['course-b'])
    expect(await removeCourseStaff('course-b', 'learner@example.com')).toBe(true)
    expect(await removeCourseStaff('course-b', 'learner@example.com')).toBe(false)
    expect(await courseAccessFor(users.learner, 'course-b')).toBeNull()
  })

  it('refuses unknown courses, unknown accounts and unknown roles with a clear message', async () => {
    await expect(addCourseStaff({ courseSlug: 'nope', email: 'ina@example.com' })).rejects.toThrow('The course "nope" was not found.')
    await expect(addCourseStaff({ courseSlug: 'course-a', email: 'ghost@example.com' })).rejects.toThrow('An account with the email ghost@example.com was not found.')
    await expect(addCourseStaff({ courseSlug: 'course-a', email: 'ina@example.com', role: 'admin' })).rejects.toThrow(/instructor or assistant/)
    await expect(addCourseStaff({ courseSlug: 'course-a', email: 'not an email' })).rejects.toThrow(/existing account/)
  })
})
