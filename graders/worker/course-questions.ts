// Finds a question's full spec (hidden parts included) in the course files, by the ids the database
// rows carry: course slug, homework id, question id. Courses are read from SYLLABUS_COURSES_DIR
// (default: course/) and kept for a short while, so a worker does not re-read YAML for every job
// and an edited course is picked up within seconds.
import path from 'node:path'
import { loadCourse, type LoadedCourse } from '../../course/load.ts'
import type { LoadedHomework, LoadedQuestion } from '../../course/loaded-course.ts'

// import.meta.dirname is undefined inside Next.js server bundles, whose processes start in the repository root.
const repositoryRoot = import.meta.dirname ? path.resolve(import.meta.dirname, '../..') : process.cwd()
const CACHE_MS = 30_000

export function coursesDir(): string {
  return path.resolve(repositoryRoot, process.env.SYLLABUS_COURSES_DIR ?? 'course')
}

export interface QuestionInCourse {
  course: LoadedCourse
  homework: LoadedHomework
  question: LoadedQuestion
}

const cache = new Map<string, { loadedAt: number; course: Promise<LoadedCourse> }>()

export function loadCourseBySlug(slug: string): Promise<LoadedCourse> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) return Promise.reject(new Error(`Bad course slug "${slug}"`))
  const key = `${coursesDir()}|${slug}`
  const cached = cache.get(key)
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.course
  const course = loadCourse(path.join(coursesDir(), slug))
  cache.set(key, { loadedAt: Date.now(), course })
  course.catch(() => cache.delete(key))
  return course
}

/** Forget loaded courses (tests that edit a course, or a regrade right after an edit). */
export function forgetLoadedCourses() {
  cache.clear()
}

/** The question and its homework, or null when the course no longer has them. */
export async function findQuestionInCourse(courseSlug: string, homeworkId: string, questionId: string): Promise<QuestionInCourse | null> {
  const course = await loadCourseBySlug(courseSlug)
  for (const week of course.weeks) {
    if (week.homework?.id !== homeworkId) continue
    const question = week.homework.questions.find((candidate) => candidate.id === questionId)
    return question ? { course, homework: week.homework, question } : null
  }
  return null
}
