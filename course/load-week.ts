// Reads one week folder: module.yaml, its lessons in file-name order, and its homework.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { contentHash } from './content-hash.ts'
import { splitFrontMatter } from './front-matter.ts'
import { loadHomework, readTextIfFile } from './load-homework.ts'
import type { LoadedHomework, LoadedLesson, LoadedWeek } from './loaded-course.ts'
import { lessonFrontMatterSchema, moduleConfigSchema, numberedSlugPattern, type SqlHintLevel } from './schema.ts'
import type { IssueList } from './validation-error.ts'
import { parseYamlSource, validateYaml } from './yaml-source.ts'
import { parseCourseDateTime } from './zoned-time.ts'

const knownWeekEntries = new Set(['module.yaml', 'homework.yaml', 'lessons', 'hidden', 'README.md'])

export interface WeekContext {
  courseDir: string
  timeZone: string
  /** The course's `starts` date (YYYY-MM-DD), for a week without its own. */
  courseStarts: string | null
  issues: IssueList
  /** Homework ids seen so far in the course, with their file: ids are unique across the course. */
  homeworkFileById: Map<string, string>
  /** The course's `sql_hints`: the most any homework's SQL hints may say. */
  sqlHintCap: SqlHintLevel
}

export async function loadWeek(folder: string, number: number, context: WeekContext): Promise<LoadedWeek | null> {
  const { issues } = context
  const weekPath = `weeks/${folder}`
  const weekDir = path.join(context.courseDir, weekPath)

  for (const entry of await readdir(weekDir)) {
    if (!entry.startsWith('.') && !knownWeekEntries.has(entry)) {
      issues.addForFile(
        `${weekPath}/${entry}`,
        'unexpected file or folder in a week (expected module.yaml, homework.yaml, lessons/, hidden/)',
      )
    }
  }

  const moduleFile = `${weekPath}/module.yaml`
  const moduleText = await readTextIfFile(path.join(context.courseDir, moduleFile))
  let config = undefined
  if (moduleText === null) issues.addForFile(moduleFile, 'file is missing: every week needs a module.yaml')
  else config = validateYaml(parseYamlSource(moduleFile, moduleText, issues), moduleConfigSchema, issues)

  const lessons = await loadLessons(weekPath, context)
  const startsDate = config?.starts ?? (context.courseStarts ? addDays(context.courseStarts, 7 * (number - 1)) : null)
  const startsAt = startsDate ? parseCourseDateTime(startsDate, context.timeZone) : new Date(0)

  let homework: LoadedHomework | null = null
  let homeworkFailed = false
  const homeworkFile = `${weekPath}/homework.yaml`
  const homeworkText = await readTextIfFile(path.join(context.courseDir, homeworkFile))
  if (homeworkText !== null) {
    const source = parseYamlSource(homeworkFile, homeworkText, issues)
    homework = await loadHomework(source, { ...context, weekPath, weekStartsAt: startsAt })
    homeworkFailed = homework === null
  }

  if (!config || lessons === null || homeworkFailed) return null
  const slug = numberedSlugPattern.exec(folder)?.[2] ?? folder
  return {
    folder,
    slug,
    number,
    config,
    startsAt,
    lessons,
    homework,
    contentHash: contentHash({
      folder,
      number,
      config,
      startsAt,
      lessons: lessons.map((lesson) => lesson.contentHash),
      homework: homework?.contentHash ?? null,
    }),
  }
}

/** `YYYY-MM-DD` plus `days` calendar days (so a daylight-saving change does not move a week's midnight). */
function addDays(date: string, days: number) {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

async function loadLessons(weekPath: string, context: WeekContext): Promise<LoadedLesson[] | null> {
  const lessonsDir = path.join(context.courseDir, weekPath, 'lessons')
  const info = await stat(lessonsDir).catch(() => null)
  if (!info?.isDirectory()) return []
  const names = (await readdir(lessonsDir)).filter((name) => !name.startsWith('.')).sort()
  const lessons: LoadedLesson[] = []
  const slugs = new Map<string, string>()
  let failed = false
  for (const name of names) {
    const file = `${weekPath}/lessons/${name}`
    const match = name.endsWith('.md') ? numberedSlugPattern.exec(name.slice(0, -3)) : null
    if (!match) {
      context.issues.addForFile(file, 'lesson files are named NN-<slug>.md (e.g. 01-docker-basics.md)')
      failed = true
      continue
    }
    const slug = match[2]!
    const sameSlug = slugs.get(slug)
    if (sameSlug) context.issues.addForFile(file, `lesson slug "${slug}" is also used by ${sameSlug}`)
    slugs.set(slug, name)
    const lesson = await loadLesson(file, slug, lessons.length + 1, context)
    if (lesson) lessons.push(lesson)
    else failed = true
  }
  return failed ? null : lessons
}

async function loadLesson(file: string, slug: string, number: number, context: WeekContext) {
  const { issues } = context
  const text = (await readTextIfFile(path.join(context.courseDir, file))) ?? ''
  const split = splitFrontMatter(text)
  if (!split) {
    issues.addForFile(file, 'a lesson starts with front matter: a "---" line, title and duration, then "---"')
    return null
  }
  if (split.yaml.trim() === '') {
    issues.addForFile(file, 'front matter is empty: it needs at least title and duration')
    return null
  }
  const source = parseYamlSource(file, split.yaml, issues, split.yamlLineOffset)
  const frontMatter = validateYaml(source, lessonFrontMatterSchema, issues)
  const bodyLines = split.body.split('\n')
  const firstContentLine = bodyLines.findIndex((line) => line.trim() !== '')
  if (firstContentLine >= 0 && /^#\s/.test(bodyLines[firstContentLine]!)) {
    issues.add({
      file,
      line: split.bodyStartLine + firstContentLine,
      column: 1,
      field: '',
      message: 'do not start the body with a "# Title" heading: the page shows the front matter title',
    })
    return null
  }
  if (!frontMatter) return null
  const lesson: LoadedLesson = {
    file,
    slug,
    number,
    frontMatter,
    body: split.body,
    contentHash: contentHash({ slug, number, frontMatter, body: split.body }),
  }
  return lesson
}
