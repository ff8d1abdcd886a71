// The one way the running platform reads course folders: pages, submit, the grading worker and the CLI
// all go through a CourseReader over one root (SYLLABUS_COURSES_DIR, default courses/, chosen by the
// caller). A loaded course is kept and reused while its files are unchanged: every read first takes a
// stamp of the folder (path, size, mtime and inode of each file, no contents) and loads again when the
// stamp differs. So an edit, a `git pull` or a `course sync` is seen on the next read (the running
// platform reuses a stamp for up to a second: an edit shows within that second), while an unchanged
// course costs one directory walk instead of a YAML parse.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { findCourseDirs, loadCourse, loadCourses } from './load.ts'
import type { LoadedCourse } from './loaded-course.ts'
import { slugPattern } from './schema.ts'

interface CachedCourse {
  stamp: string
  course: Promise<LoadedCourse>
}

/** A string that changes whenever a file under `dir` is added, removed, replaced or written. */
export async function folderStamp(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
  const stamps = await Promise.all(
    files.map(async (file) => {
      const info = await stat(file)
      return `${path.relative(dir, file)}\0${info.size}\0${info.mtimeMs}\0${info.ino}`
    }),
  )
  return stamps.sort().join('\n')
}

export interface CourseReaderOptions {
  /**
   * Reuse a folder stamp taken less than this long ago (default 0: every read walks the folder).
   * A walk of a real course (~170 files) costs several milliseconds of CPU; the running platform
   * reads a course on every page, submit and grading job, so it rechecks at most once a second and
   * sees an edit within that second (configured-course-reader.ts).
   */
  stampReuseMs?: number
}

export class CourseReader {
  private readonly cache = new Map<string, CachedCourse>()
  /** The latest stamp per course folder and when it was started; reads within stampReuseMs share it. */
  private readonly stamps = new Map<string, { takenAt: number; stamp: Promise<string> }>()
  /**
   * With stampReuseMs: the course a read returned, until its stamp's window ends. A read inside the
   * window returns it without touching the disk at all (not even course.yaml's stat, which the grading
   * worker paid on every job: docs/benchmarks.md, "Queue", session 8).
   */
  private readonly fresh = new Map<string, { until: number; course: Promise<LoadedCourse> }>()
  private readonly stampReuseMs: number

  /** `root` is the folder holding one folder per course, e.g. the configured SYLLABUS_COURSES_DIR. */
  constructor(
    readonly root: string,
    { stampReuseMs = 0 }: CourseReaderOptions = {},
  ) {
    this.stampReuseMs = stampReuseMs
  }

  private stampOf(dir: string): Promise<string> {
    if (this.stampReuseMs <= 0) return folderStamp(dir)
    const now = performance.now()
    const recent = this.stamps.get(dir)
    if (recent && now - recent.takenAt < this.stampReuseMs) return recent.stamp
    const stamp = folderStamp(dir)
    this.stamps.set(dir, { takenAt: now, stamp })
    stamp.catch(() => this.stamps.delete(dir))
    return stamp
  }

  /** The course folder of `courseSlug`, or null for a malformed slug (never a path outside the root). */
  courseDir(courseSlug: string): string | null {
    return slugPattern.test(courseSlug) ? path.join(this.root, courseSlug) : null
  }

  /**
   * The course with its hidden parts, or null when there is no such course folder. Throws a
   * CourseValidationError when the folder does not load; the next read tries again.
   */
  async read(courseSlug: string): Promise<LoadedCourse | null> {
    const dir = this.courseDir(courseSlug)
    if (!dir) return null
    const fresh = this.fresh.get(courseSlug)
    if (fresh && performance.now() < fresh.until) return fresh.course
    const hasCourseYaml = await stat(path.join(dir, 'course.yaml')).then(
      (info) => info.isFile(),
      () => false,
    )
    if (!hasCourseYaml) {
      this.cache.delete(courseSlug)
      this.stamps.delete(dir)
      this.fresh.delete(courseSlug)
      return null
    }
    const stamp = await this.stampOf(dir)
    const cached = this.cache.get(courseSlug)
    if (cached?.stamp === stamp) return this.keepFresh(courseSlug, dir, cached.course)
    const course = loadCourse(dir)
    const entry = { stamp, course }
    this.cache.set(courseSlug, entry)
    course.catch(() => {
      if (this.cache.get(courseSlug) === entry) this.cache.delete(courseSlug)
      if (this.fresh.get(courseSlug)?.course === course) this.fresh.delete(courseSlug)
    })
    return this.keepFresh(courseSlug, dir, course)
  }

  /** Remembers `course` until the window of the folder's current stamp ends (stampReuseMs only). */
  private keepFresh(courseSlug: string, dir: string, course: Promise<LoadedCourse>): Promise<LoadedCourse> {
    const stamp = this.stamps.get(dir)
    if (this.stampReuseMs > 0 && stamp) this.fresh.set(courseSlug, { until: stamp.takenAt + this.stampReuseMs, course })
    return course
  }

  /** Slugs of every course folder under the root, sorted. */
  async listSlugs(): Promise<string[]> {
    const dirs = await findCourseDirs(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      throw error
    })
    return dirs.map((dir) => path.basename(dir))
  }

  /** Every course under the root, freshly loaded (for `course check/sync`); errors of all courses together. */
  readAll(): Promise<LoadedCourse[]> {
    return loadCourses(this.root)
  }
}
