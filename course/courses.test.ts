// The real courses under courses/ must load without errors and sync (twice: the second writes nothing).
import { describe, expect, it } from 'vitest'
import { repositoryCoursesDir } from './fixture-copy.ts'
import { loadCourses } from './load.ts'
import { syncCourse } from '../server/courses/sync-course.ts'

describe('courses in courses/', () => {
  it('are valid and sync idempotently', async () => {
    const courses = await loadCourses(repositoryCoursesDir)
    expect(courses.length).toBeGreaterThan(0)
    for (const course of courses) {
      const first = await syncCourse(course)
      expect(first.created).toBeGreaterThan(0)
      const second = await syncCourse(course)
      expect(second).toMatchObject({ changed: false, unchanged: first.created })
    }
  })
})
