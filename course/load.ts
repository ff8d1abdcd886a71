// Reads a course folder (docs/course-authoring.md) into one typed object, or throws a CourseValidationError
// listing every problem found. Nothing is cached here: the running platform reads through course-reader.ts.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { contentHash } from './content-hash.ts'
import { readTextIfFile } from './load-homework.ts'
import { loadWeek } from './load-week.ts'
import type { LoadedCourse, LoadedProject, LoadedProjectAttempt, LoadedWeek } from './loaded-course.ts'
import { courseConfigSchema, defaultSqlHintLevel, isValidTimeZone, numberedSlugPattern, slugPattern, type CourseConfig } from './schema.ts'
import { CourseValidationError, IssueList, type CourseIssue } from './validation-error.ts'
import { parseYamlSource, validateYaml, type YamlSource } from './yaml-source.ts'
import { parseCourseDateTime } from './zoned-time.ts'

export type { LoadedCourse } from './loaded-course.ts'
export { CourseValidationError, formatCourseIssue, type CourseIssue } from './validation-error.ts'

const knownCourseEntries = new Set(['course.yaml', 'weeks', 'project', 'README.md'])

export async function loadCourse(dir: string): Promise<LoadedCourse> {
  const courseDir = path.resolve(dir)
  const slug = path.basename(courseDir)
  const issues = new IssueList()
  const loaded = await readCourse(courseDir, slug, issues)
  if (!issues.isEmpty || !loaded) throw new CourseValidationError(sortIssues(issues.issues), dir)
  return loaded
}

/** A homework id that no week of the course declares; `known` lists those that are. */
export class UnknownHomeworkError extends Error {
  constructor(
    readonly homeworkSlug: string,
    readonly known: string[],
    courseSlug: string,
  ) {
    super(`No homework "${homeworkSlug}" in ${courseSlug}. Homework: ${known.join(', ') || 'none'}.`)
    this.name = 'UnknownHomeworkError'
  }
}

/**
 * The course with only the week whose homework is `homeworkSlug` (validated as loadCourse does), for a
 * command about one question (`syllabus grade`): the other weeks' homework files are only peeked at
 * for their id, and the project is left out (`project` is null, `contentHash` covers the week read).
 * Not the course as a whole: `syllabus course check` and the platform read it in full.
 */
export async function loadCourseHomework(dir: string, homeworkSlug: string): Promise<LoadedCourse> {
  const courseDir = path.resolve(dir)
  const slug = path.basename(courseDir)
  const issues = new IssueList()
  const peeked: string[] = []
  const loaded = await readCourse(courseDir, slug, issues, { homeworkSlug, peeked })
  if (!issues.isEmpty || !loaded) throw new CourseValidationError(sortIssues(issues.issues), dir)
  if (loaded.weeks.length === 0) throw new UnknownHomeworkError(homeworkSlug, peeked, slug)
  return loaded
}

/** The `id` a week's homework.yaml declares; undefined without a homework, null when the id cannot be read. */
async function homeworkIdOf(courseDir: string, folder: string): Promise<string | null | undefined> {
  const text = await readTextIfFile(path.join(courseDir, 'weeks', folder, 'homework.yaml'))
  if (text === null) return undefined
  // A top-level key is the only thing a line can start with at column 0 (nested keys and block
  // scalars are indented), so a plain `id: hw1` line is the id without parsing the whole file.
  const plain = /^id:[ \t]*([a-z0-9][a-z0-9-]*)[ \t]*(?:#.*)?\r?$/m.exec(text)
  if (plain) return plain[1]!
  try {
    const id = (parseYaml(text) as { id?: unknown } | null)?.id
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/** Every folder under `root` that has a course.yaml, sorted by slug. Errors of all courses are thrown together. */
export async function loadCourses(root: string): Promise<LoadedCourse[]> {
  const courseDirs = await findCourseDirs(root)
  const courses: LoadedCourse[] = []
  const issues: CourseIssue[] = []
  for (const courseDir of courseDirs) {
    try {
      courses.push(await loadCourse(courseDir))
    } catch (error) {
      if (!(error instanceof CourseValidationError)) throw error
      const prefix = path.basename(courseDir)
      issues.push(...error.issues.map((issue) => ({ ...issue, file: `${prefix}/${issue.file}` })))
    }
  }
  if (issues.length > 0) throw new CourseValidationError(issues, root)
  return courses
}

export async function findCourseDirs(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true })
  const dirs: string[] = []
  for (const entry of entries.filter((entry) => entry.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const courseYaml = await stat(path.join(root, entry.name, 'course.yaml')).catch(() => null)
    if (courseYaml?.isFile()) dirs.push(path.join(root, entry.name))
  }
  return dirs
}

function sortIssues(issues: CourseIssue[]) {
  return [...issues].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  )
}

interface OneHomework {
  homeworkSlug: string
  /** Filled with every homework id seen. */
  peeked: string[]
}

async function readCourse(courseDir: string, slug: string, issues: IssueList, only?: OneHomework): Promise<LoadedCourse | null> {
  const courseText = await readTextIfFile(path.join(courseDir, 'course.yaml'))
  if (courseText === null) {
    issues.addForFile('course.yaml', 'file is missing: every course folder needs a course.yaml')
    return null
  }
  if (!slugPattern.test(slug)) {
    issues.addForFile('course.yaml', `course folder name "${slug}" must be lowercase letters, digits and dashes`)
  }
  for (const entry of await readdir(courseDir)) {
    if (!entry.startsWith('.') && !knownCourseEntries.has(entry)) {
      issues.addForFile(entry, 'unexpected file or folder in a course (expected course.yaml, weeks/, project/)')
    }
  }
  const source = parseYamlSource('course.yaml', courseText, issues)
  const config = validateYaml(source, courseConfigSchema, issues)
  const raw = source.value as Partial<Record<keyof CourseConfig, unknown>> | undefined
  // Even with an invalid course.yaml, the weeks are still read so that all errors show at once.
  const timeZone = config?.timezone ?? (typeof raw?.timezone === 'string' && isValidTimeZone(raw.timezone) ? raw.timezone : 'UTC')
  const courseStarts = config?.starts ?? null
  const sqlHintCap = config?.sql_hints ?? defaultSqlHintLevel

  const weekFolders = await checkWeekFolders(courseDir, source, issues)
  const weeks: LoadedWeek[] = []
  let weeksFailed = false
  const homeworkFileById = new Map<string, string>()
  for (const [index, folder] of weekFolders.entries()) {
    if (only) {
      const id = await homeworkIdOf(courseDir, folder)
      if (typeof id === 'string') only.peeked.push(id)
      // A homework.yaml whose id does not read is loaded in full, so its errors are reported.
      if (id !== only.homeworkSlug && id !== null) continue
    }
    const week = await loadWeek(folder, index + 1, { courseDir, timeZone, courseStarts, issues, homeworkFileById, sqlHintCap })
    if (week) weeks.push(week)
    else weeksFailed = true
  }

  const project = only ? null : await loadProject(courseDir, source, config, timeZone, issues)
  if (!config || weeksFailed || project === undefined) return null
  return {
    slug,
    dir: courseDir,
    config,
    startsAt: parseCourseDateTime(config.starts, timeZone),
    weeks,
    project,
    contentHash: contentHash({
      slug,
      config,
      weeks: weeks.map((week) => week.contentHash),
      project: project ? { markdown: project.markdown } : null,
    }),
  }
}

/**
 * Checks course.yaml `weeks` against the folders under weeks/ and returns the folders to read: the listed
 * ones that exist, in order (or, when the list is unreadable, every folder found).
 */
async function checkWeekFolders(courseDir: string, source: YamlSource, issues: IssueList): Promise<string[]> {
  const onDisk = (await readdir(path.join(courseDir, 'weeks'), { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
  const listedRaw = (source.value as { weeks?: unknown } | undefined)?.weeks
  if (!Array.isArray(listedRaw)) return onDisk
  const listed = listedRaw.filter((week): week is string => typeof week === 'string')
  const present: string[] = []
  const seenSlugs = new Map<string, string>()
  listedRaw.forEach((week, index) => {
    if (typeof week !== 'string') return
    if (listed.indexOf(week) !== index) {
      issues.add(source.issueAt(['weeks', index], `"${week}" is listed twice`))
      return
    }
    if (!onDisk.includes(week)) {
      issues.add(source.issueAt(['weeks', index], `folder weeks/${week} does not exist`))
      return
    }
    const slug = numberedSlugPattern.exec(week)?.[2]
    if (slug) {
      const other = seenSlugs.get(slug)
      if (other) issues.add(source.issueAt(['weeks', index], `week slug "${slug}" is also used by ${other}`))
      seenSlugs.set(slug, week)
    }
    present.push(week)
  })
  for (const folder of onDisk.filter((folder) => !listed.includes(folder))) {
    issues.add(
      source.issueAt(['weeks'], `folder weeks/${folder} is not listed; add it to weeks or remove it`, { at: 'key' }),
    )
  }
  return present
}

/** undefined when there are errors; null when the course has no project. */
async function loadProject(
  courseDir: string,
  source: YamlSource,
  config: CourseConfig | undefined,
  timeZone: string,
  issues: IssueList,
): Promise<LoadedProject | null | undefined> {
  const markdown = await readTextIfFile(path.join(courseDir, 'project', 'project.md'))
  const hasProjectConfig = (source.value as { project?: unknown } | undefined)?.project !== undefined
  if (hasProjectConfig && markdown === null) {
    issues.add(source.issueAt(['project'], 'project/project.md is missing: it describes the project to learners'))
    return undefined
  }
  if (!hasProjectConfig && markdown !== null) {
    issues.addForFile('project/project.md', 'course.yaml has no project section for this page')
    return undefined
  }
  if (!config) return undefined
  if (!config.project || markdown === null) return null
  const attempts: LoadedProjectAttempt[] = []
  const windows = [
    { path: ['project'], opens: config.project.starts, ...config.project },
    ...(config.project.retake ? [{ path: ['project', 'retake'], opens: null, ...config.project.retake }] : []),
  ]
  for (const [index, window] of windows.entries()) {
    const submissionDeadline = parseCourseDateTime(window.submission_deadline, timeZone)
    const reviewDeadline = parseCourseDateTime(window.review_deadline, timeZone)
    // The retake opens when attempt 1's reviews close.
    const opensAt = window.opens ? parseCourseDateTime(window.opens, timeZone) : attempts[index - 1]!.reviewDeadline
    if (submissionDeadline <= opensAt) {
      issues.add(source.issueAt([...window.path, 'submission_deadline'], index === 0 ? 'must be after starts' : "must be after attempt 1's review_deadline"))
    }
    if (reviewDeadline <= submissionDeadline) {
      issues.add(source.issueAt([...window.path, 'review_deadline'], 'must be after submission_deadline'))
    }
    attempts.push({ number: index + 1, opensAt, submissionDeadline, reviewDeadline })
  }
  return {
    config: config.project,
    startsAt: parseCourseDateTime(config.project.starts, timeZone),
    attempts,
    markdown,
  }
}
