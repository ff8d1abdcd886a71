import 'server-only'
// Course content for pages, read through the platform's course reader (configured-course-reader.ts).
// The loaded course holds hidden parts (answers, solutions): pages render only public fields and the
// allow-listed views of course/public-view.ts.
import { cache } from 'react'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { courseReader } from './configured-course-reader.ts'

/**
 * The course, or null when no folder of that slug exists; edits to its files show on the next request.
 * Read once per request (React's cache): a page's metadata and body share one read, which walks the
 * course folder to check it is unchanged.
 */
export const getCourse = cache((courseSlug: string): Promise<LoadedCourse | null> => courseReader().read(courseSlug))

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

export function findHomework(course: LoadedCourse, homeworkSlug: string) {
  for (const week of course.weeks) if (week.homework?.slug === homeworkSlug) return { week, homework: week.homework }
  return null
}
