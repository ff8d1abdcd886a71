// Loads one question with its hidden parts (answers, solutions, checks) for grading, by the slugs a
// Question row carries: course slug, homework slug, question slug. Submit uses it to check that the
// question still exists in the files, the grading worker to hand the hidden spec to an engine.
import type { CourseReader } from './course-reader.ts'
import type { LoadedCourse, LoadedHomework, LoadedQuestion } from './loaded-course.ts'

export interface QuestionForGrading {
  course: LoadedCourse
  homework: LoadedHomework
  question: LoadedQuestion
}

export interface QuestionSlugs {
  courseSlug: string
  homeworkSlug: string
  questionSlug: string
}

/** A course the database knows is missing from the courses root: a deployment fault, not a learner's. */
export class CourseFolderMissingError extends Error {
  constructor(courseSlug: string, root: string) {
    super(`Course "${courseSlug}" has no folder with a course.yaml under ${root} (check SYLLABUS_COURSES_DIR)`)
    this.name = 'CourseFolderMissingError'
  }
}

/**
 * The question and its homework, or null when the course no longer has them. A missing course folder
 * throws (CourseFolderMissingError): on a worker host with a wrong root, runs must be retried, not failed.
 */
export async function loadQuestionForGrading(
  reader: CourseReader,
  { courseSlug, homeworkSlug, questionSlug }: QuestionSlugs,
): Promise<QuestionForGrading | null> {
  const course = await reader.read(courseSlug)
  if (!course) throw new CourseFolderMissingError(courseSlug, reader.root)
  for (const week of course.weeks) {
    if (week.homework?.slug !== homeworkSlug) continue
    const question = week.homework.questions.find((candidate) => candidate.slug === questionSlug)
    return question ? { course, homework: week.homework, question } : null
  }
  return null
}
