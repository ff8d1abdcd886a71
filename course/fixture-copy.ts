// Test helper: a throwaway copy of a fixture course that a test may break in one place.
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export const miniCourseDir = path.resolve(import.meta.dirname, '../tests/fixtures/courses/mini')
/** The courses shipped in this repository (the default SYLLABUS_COURSES_DIR), for the author tests that check them all. */
export const repositoryCoursesDir = path.resolve(import.meta.dirname, '../courses')

export interface FixtureCopy {
  dir: string
  /** Replaces `search` (which must occur) with `replacement` in a file of the copy. */
  edit(file: string, search: string | RegExp, replacement: string): Promise<void>
  write(file: string, text: string): Promise<void>
  remove(file: string): Promise<void>
}

export async function copyFixtureCourse(source = miniCourseDir, name = path.basename(source)): Promise<FixtureCopy> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'syllabus-course-')), name)
  await cp(source, dir, { recursive: true })
  return {
    dir,
    async edit(file, search, replacement) {
      const text = await readFile(path.join(dir, file), 'utf8')
      const edited = text.replace(search, replacement)
      if (edited === text) throw new Error(`${file} does not contain ${String(search)}`)
      await writeFile(path.join(dir, file), edited)
    },
    async write(file, text) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await writeFile(path.join(dir, file), text)
    },
    async remove(file) {
      await rm(path.join(dir, file), { recursive: true })
    },
  }
}
