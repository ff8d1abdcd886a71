import 'server-only'
// Course content for pages, read from the files in course/. The loaded course holds hidden parts
// (answers, solutions): pages render only public fields and the allow-listed views of public-view.ts.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { findCourseDirs, loadCourse, type LoadedCourse } from '../../course/load.ts'
import { slugPattern } from '../../course/schema.ts'
import { readEnv } from '../env.ts'

export const COURSE_ROOT = path.join(process.cwd(), 'course')

const cache = new Map<string, Promise<LoadedCourse>>()

/** In development every call re-reads the files, so edited Markdown shows on reload. */
export async function getCourse(slug: string): Promise<LoadedCourse | null> {
  if (!slugPattern.test(slug)) return null
  const dir = path.join(COURSE_ROOT, slug)
  const isDir = await stat(path.join(dir, 'course.yaml')).then(
    () => true,
    () => false,
  )
  if (!isDir) return null
  if (readEnv().NODE_ENV !== 'production') return loadCourse(dir)
  let loaded = cache.get(slug)
  if (!loaded) {
    loaded = loadCourse(dir)
    loaded.catch(() => cache.delete(slug))
    cache.set(slug, loaded)
  }
  return loaded
}

export async function listCourseSlugs(): Promise<string[]> {
  return (await findCourseDirs(COURSE_ROOT)).map((dir) => path.basename(dir))
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

export function findHomework(course: LoadedCourse, homeworkId: string) {
  for (const week of course.weeks) if (week.homework?.id === homeworkId) return { week, homework: week.homework }
  return null
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
