import 'server-only'
// Course content for pages, read through the platform's course reader (configured-course-reader.ts).
// The loaded course holds hidden parts (answers, solutions): pages render only public fields and the
// allow-listed views of course/public-view.ts.
import { cache } from 'react'
import { courseReader } from './configured-course-reader.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { findHomework, PAGE_COURSE_MAX_AGE_MS, readRecentCourse } from './recent-course.ts'

export { findHomework, PAGE_COURSE_MAX_AGE_MS }

/**
 * The course, or null when no folder of that slug exists; an edit to its files shows within
 * PAGE_COURSE_MAX_AGE_MS. Read once per request (React's cache): a page's metadata and body share it.
 */
export const getCourse = cache(readRecentCourse)

/** The slugs of every course under the configured root (static generation of content pages). */
export function listCourseSlugs(): Promise<string[]> {
  return courseReader().listSlugs()
}

/** Every (course, week, lesson) for static generation. */
export async function allLessonParams() {
  const params: { slug: string; week: string; lesson: string }[] = []
  for (const slug of await listCourseSlugs()) {
    const course = await getCourse(slug).catch(() => null)
    for (const week of course?.weeks ?? []) {
      for (const lesson of week.lessons) params.push({ slug, week: week.slug, lesson: lesson.slug })
    }
  }
  return params
}

export function findWeek(course: LoadedCourse, weekSlug: string) {
  return course.weeks.find((week) => week.slug === weekSlug) ?? null
}

export function findLesson(course: LoadedCourse, weekSlug: string, lessonSlug: string) {
  const week = findWeek(course, weekSlug)
  const index = week?.lessons.findIndex((lesson) => lesson.slug === lessonSlug) ?? -1
  if (!week || index < 0) return null
  // Previous/next run across weeks, in teaching order.
  const all = course.weeks.flatMap((w) => w.lessons.map((lesson) => ({ week: w, lesson })))
  const position = all.findIndex((entry) => entry.lesson === week.lessons[index])
  return { week, lesson: week.lessons[index]!, previous: all[position - 1] ?? null, next: all[position + 1] ?? null }
}
