// The platform's course reader over the configured root (SYLLABUS_COURSES_DIR, default courses/), shared
// by pages, submit and the grading worker so they all see the same files with the same cache policy.
// Not `server-only`: the grading worker runs outside Next.js.
import { CourseReader } from '../../course/course-reader.ts'
import { coursesRoot, readEnv } from '../env.ts'

const readers = new Map<string, CourseReader>()

/** One reader per root; the root is read from the environment on each call, so tests can point it at fixtures. */
export function courseReader(): CourseReader {
  const root = coursesRoot()
  let reader = readers.get(root)
  if (!reader) {
    // In production a course folder is rechecked at most once a second (an edit shows within that
    // second): walking it on every page, submit and grading job cost milliseconds of CPU each.
    reader = new CourseReader(root, { stampReuseMs: readEnv().NODE_ENV === 'production' ? 1000 : 0 })
    readers.set(root, reader)
  }
  return reader
}
