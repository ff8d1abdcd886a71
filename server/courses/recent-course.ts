// The course as pages show it, read at most PAGE_COURSE_MAX_AGE_MS ago (content.ts wraps it for pages).
// Not `server-only`: `syllabus web` answers the homework page's learner's part with it outside Next.js
// (decision 033). The loaded course holds hidden parts (answers, solutions): callers show only public fields.
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

export function readRecentCourse(courseSlug: string): Promise<LoadedCourse | null> {
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

export function findHomework(course: LoadedCourse, homeworkSlug: string) {
  for (const week of course.weeks) if (week.homework?.slug === homeworkSlug) return { week, homework: week.homework }
  return null
}
