import 'server-only'
// Course content for pages, read through the platform's course reader (configured-course-reader.ts).
// The loaded course holds hidden parts (answers, solutions): pages render only public fields and the
// allow-listed views of course/public-view.ts.
import { cache } from 'react'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { courseReader } from './configured-course-reader.ts'

/**
 * Pages may show a course read up to this long ago. A read walks the whole course folder to check that
 * nothing changed (about 170 files for the Zoomcamp: milliseconds of CPU, the largest cost of a homework
 * page under load in bench:web's profile); a page rendered a second after an edit may still show the
 * previous text. Submitting and grading read through the course reader itself and never lag.
 */
export const PAGE_COURSE_MAX_AGE_MS = 1_000
const recentReads = new Map<string, { at: number; course: Promise<LoadedCourse | null> }>()

function readRecent(courseSlug: string): Promise<LoadedCourse | null> {
  const reader = courseReader()
  const key = `${reader.root}\0${courseSlug}`
  const known = recentReads.get(key)
  if (known && Date.now() - known.at < PAGE_COURSE_MAX_AGE_MS) return known.course
  const entry = { at: Date.now(), course: reader.read(courseSlug) }
  recentReads.set(key, entry)
  // Only found courses are kept (a slug from a URL that names no course leaves nothing behind).
  const forget = () => {
    if (recentReads.get(key) === entry) recentReads.delete(key)
  }
  entry.course.then((course) => course ?? forget(), forget)
  return entry.course
}

/**
 * The course, or null when no folder of that slug exists; an edit to its files shows within
 * PAGE_COURSE_MAX_AGE_MS. Read once per request (React's cache): a page's metadata and body share it.
 */
export const getCourse = cache(readRecent)

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
