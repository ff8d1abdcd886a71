// `syllabus course check [dir]` validates course folders and, on the grading cluster, that every SQL
// question's reference varies between the public data and the hidden variants (course-sql-check.ts);
// `syllabus course sync [dir] [--archive]` also writes
// them into the content index. `dir` is one course folder or a folder of courses (default: the configured
// courses root, SYLLABUS_COURSES_DIR, itself by default courses/).
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CourseValidationError, formatCourseIssue, loadCourse, loadCourses } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { CourseSyncConflictError, syncCourse, type SyncResult } from '../../server/courses/sync-course.ts'
import { disconnectDb } from '../../server/db/client.ts'
import { coursesRoot, readEnv } from '../../server/env.ts'
import { bold, dim, green, red } from '../lib/progress.ts'
import { checkSqlQuestions } from './course-sql-check.ts'
import { bigQueryQuestions, checkBigQueryQuestions } from '../../graders/bigquery/course-check.ts'
import { bigQueryDataDirIn, localBigQueryData } from '../../graders/bigquery/local-data.ts'
import { dataDir } from '../lib/databases.ts'

const usage = 'Usage: npm run syllabus -- course check [dir]\n       npm run syllabus -- course sync [dir] [--archive]'

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { archive: { type: 'boolean', default: false } },
  })
  const [subcommand, dir, ...extra] = positionals
  if ((subcommand !== 'check' && subcommand !== 'sync') || extra.length > 0) {
    console.error(usage)
    return 2
  }
  if (subcommand === 'sync' && !readEnv().DATABASE_URL) {
    console.error(red('DATABASE_URL is not set: set it to the app database, or run `npm start` and sync from there.'))
    return 1
  }

  const source = dir ?? coursesRoot()
  let courses: LoadedCourse[]
  try {
    courses = await loadFrom(source)
  } catch (error) {
    if (!(error instanceof CourseValidationError)) throw error
    const where = path.relative(process.cwd(), error.courseDir) || '.'
    console.error(red(`✖ ${error.issues.length} error${error.issues.length === 1 ? '' : 's'} in ${where}:`))
    for (const issue of error.issues) console.error(formatCourseIssue(issue))
    return 1
  }
  if (courses.length === 0) {
    console.error(red(`No course found in ${source} (a course folder has a course.yaml).`))
    return 1
  }

  if (subcommand === 'check') {
    for (const course of courses) console.log(`${green('✓')} ${bold(course.slug)} ${dim(describeCourse(course))}`)
    const sql = await checkSqlReferences(courses)
    const bigQuery = await checkBigQueryReferences(courses)
    return sql || bigQuery
  }
  try {
    for (const course of courses) printSyncResult(course.slug, await syncCourse(course, { archive: values.archive }))
    return 0
  } catch (error) {
    if (!(error instanceof CourseSyncConflictError)) throw error
    console.error(red(`✖ ${error.message}`))
    return 1
  } finally {
    await disconnectDb()
  }
}

/** The dispatcher provides the grading cluster (GRADING_DATABASE_URL); called directly without one, the step is skipped and says so. */
async function checkSqlReferences(courses: LoadedCourse[]): Promise<number> {
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  if (!adminUrl) {
    console.log(dim('SQL references not checked against the hidden variants: no grading cluster (GRADING_DATABASE_URL).'))
    return 0
  }
  const { checked, problems } = await checkSqlQuestions(adminUrl, courses, { hiddenSeed, onProgress: (message) => console.log(dim(message)) })
  if (problems.length === 0) {
    if (checked > 0) console.log(`${green('✓')} ${checked} SQL references give another result than the public one on at least half of the hidden variants`)
    return 0
  }
  console.error(red(`✖ ${problems.length} SQL question${problems.length === 1 ? '' : 's'} can be passed with a hard-coded answer or do not run:`))
  for (const { question, problem } of problems) console.error(`  ${question}: ${problem}`)
  return 1
}

/** BigQuery questions on the local engine, over the public data and the hidden pool (exported on first use under the data folder). */
async function checkBigQueryReferences(courses: LoadedCourse[]): Promise<number> {
  if (!courses.some((course) => bigQueryQuestions(course).length > 0)) return 0
  const { SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  console.log(dim('Checking BigQuery references on the public data and the hidden pool (local engine)…'))
  const { checked, problems } = await checkBigQueryQuestions(courses, localBigQueryData(bigQueryDataDirIn(dataDir()), { hiddenSeed }))
  if (problems.length === 0) {
    console.log(`${green('✓')} ${checked} BigQuery references give another result or estimate than the public one on at least half of the hidden variants`)
    return 0
  }
  console.error(red(`✖ ${problems.length} BigQuery question${problems.length === 1 ? '' : 's'} can be passed with a hard-coded answer or do not run:`))
  for (const { question, problem } of problems) console.error(`  ${question}: ${problem}`)
  return 1
}

async function loadFrom(dir: string): Promise<LoadedCourse[]> {
  const isCourse = await stat(path.join(dir, 'course.yaml')).then(
    (info) => info.isFile(),
    () => false,
  )
  return isCourse ? [await loadCourse(dir)] : loadCourses(dir)
}

function describeCourse(course: LoadedCourse) {
  const homework = course.weeks.flatMap((week) => (week.homework ? [week.homework] : []))
  const counts = [
    `${course.weeks.length} weeks`,
    `${course.weeks.reduce((sum, week) => sum + week.lessons.length, 0)} lessons`,
    `${homework.length} homework`,
    `${homework.reduce((sum, each) => sum + each.questions.length, 0)} questions`,
  ]
  return counts.join(', ')
}

function printSyncResult(slug: string, result: SyncResult) {
  if (!result.changed) {
    console.log(`${green('✓')} ${bold(slug)}: no changes ${dim(`(${result.unchanged} rows up to date)`)}`)
    return
  }
  const summary = (['created', 'updated', 'archived', 'deleted'] as const)
    .filter((action) => result[action] > 0)
    .map((action) => `${result[action]} ${action}`)
  console.log(`${green('✓')} ${bold(slug)}: ${summary.join(', ')} ${dim(`(${result.unchanged} unchanged)`)}`)
  for (const change of result.changes) console.log(`  ${change.action.padEnd(8)} ${change.entity.padEnd(8)} ${change.key}`)
}
