// The real courses under course/ must load without errors and sync (twice: the second writes nothing).
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCourses } from './load.ts'
import { syncCourse } from '../server/courses/sync-course.ts'

const coursesRoot = path.resolve(import.meta.dirname)

describe('courses in course/', () => {
  it('are valid and sync idempotently', async () => {
    const courses = await loadCourses(coursesRoot)
    expect(courses.length).toBeGreaterThan(0)
    for (const course of courses) {
      const first = await syncCourse(course)
      expect(first.created).toBeGreaterThan(0)
      const second = await syncCourse(course)
      expect(second).toMatchObject({ changed: false, unchanged: first.created })
    }
  })
})
