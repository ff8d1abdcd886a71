// `syllabus grade --course <dir|slug> --question <homework-id>/<question-id> <answer file or folder>… [--watch] [--json]`
// Grades answers to one SQL or Python question the way the worker would: SQL against the grading
// cluster in GRADING_DATABASE_URL (the dispatcher attaches to the one `npm start` runs, or starts the
// embedded one), Python in the Docker sandbox. Many answers are graded in one process, with one
// grading environment (a batch: files, or folders whose .sql/.py files are taken); `--watch` keeps it
// open and grades a file again each time it is saved. `--answer-file <file>` is the older spelling of
// one answer. Output: a table of checks per answer; `--json` prints exactly the GradeResult for one
// answer, an array of `{ file, result }` for a batch, and one such object per line in watch mode.
// Exit 0 when every answer was graded (whatever the verdicts), 1 otherwise.
import { watch, type FSWatcher } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CourseReader } from '../../course/course-reader.ts'
import { CourseValidationError, formatCourseIssue, loadCourse, loadCourseHomework, UnknownHomeworkError } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { coursesRoot, readEnv } from '../../server/env.ts'
import { AnswerGraderError, openAnswerGrader, type AnswerGrader } from '../lib/answer-grader.ts'
import { bold, dim, green, red } from '../lib/progress.ts'

const USAGE =
  'Usage: npm run syllabus -- grade --course <dir|slug> --question <homework-id>/<question-id> <answer file or folder>… [--watch] [--json]\n' +
  '       (--answer-file <file> names one answer, as before)'

class GradeCommandError extends Error {}

/**
 * `--course` is a course folder, or the slug of a course under the configured root (SYLLABUS_COURSES_DIR).
 * With `homeworkSlug`, only that homework's week is read (loadCourseHomework): one question needs no more.
 */
export async function loadCourseArgument(courseArgument: string, homeworkSlug?: string): Promise<LoadedCourse> {
  const reader = new CourseReader(coursesRoot())
  const isSlug = reader.courseDir(courseArgument) !== null && !(await isFolder(courseArgument))
  const load = (dir: string) => (homeworkSlug === undefined ? loadCourse(dir) : loadCourseHomework(dir, homeworkSlug))
  if (!isSlug) return load(courseArgument)
  if (homeworkSlug !== undefined) {
    const dir = reader.courseDir(courseArgument)!
    if (!(await isFile(path.join(dir, 'course.yaml')))) throw new GradeCommandError(`No course "${courseArgument}" under ${reader.root}.`)
    return load(dir)
  }
  const course = await reader.read(courseArgument)
  if (!course) throw new GradeCommandError(`No course "${courseArgument}" under ${reader.root}.`)
  return course
}

function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  )
}

function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  )
}

function indent(text: string, prefix: string): string {
  return text.split('\n').join(`\n${prefix}`)
}

export function formatGradeResult(result: GradeResult): string {
  const width = Math.max(...result.checks.map((check) => check.name.length))
  const lines = result.checks.map((check) => {
    const mark = check.passed ? green('✓') : red('✗')
    return `  ${mark} ${check.name.padEnd(width)}  ${indent(check.message, ' '.repeat(width + 6))}`
  })
  const colour = result.verdict === 'correct' ? green : red
  lines.push('', `${bold('Verdict:')} ${colour(result.verdict)} ${dim(`(score ${result.score}, ${result.durationMs} ms, engine ${result.engine})`)}`)
  return lines.join('\n')
}

/** The answer files named: files as given, folders as their files of the question's kind (sorted). */
export async function answerFiles(paths: string[], extension: string): Promise<string[]> {
  const files: string[] = []
  for (const given of paths) {
    const info = await stat(given).catch(() => null)
    if (!info) throw new GradeCommandError(`No answer file or folder ${given}.`)
    if (!info.isDirectory()) {
      files.push(given)
      continue
    }
    const inside = (await readdir(given, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith(extension)).map((entry) => path.join(given, entry.name))
    if (inside.length === 0) throw new GradeCommandError(`No ${extension} files in ${given}.`)
    files.push(...inside.sort())
  }
  return files
}

export interface GradeAnswersOptions {
  course: string
  question: string
  paths: string[]
  json?: boolean
  watch?: boolean
  /** Ends watch mode (the command passes one that fires on Ctrl-C). */
  signal?: AbortSignal
  /** Where results go (stdout) and where progress and problems go (stderr). */
  out?: (text: string) => void
  err?: (text: string) => void
  /** Called after each grade in watch mode, for tests. */
  onGraded?: (file: string, result: GradeResult | null) => void
}

/** Grades every answer with one grader, then (watch) again on each save; resolves with the exit code. */
export async function gradeAnswers(options: GradeAnswersOptions): Promise<number> {
  const out = options.out ?? ((text) => console.log(text))
  const err = options.err ?? ((text) => console.error(text))
  const progress = (message: string) => {
    if (!options.json) err(dim(message))
  }
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed, GRADING_SOCKET_DIR: socketDir } = readEnv()
  let grader: AnswerGrader | null = null
  try {
    const course = await loadCourseArgument(options.course, options.question.split('/')[0])
    grader = await openAnswerGrader(course, options.question, {
      adminUrl,
      hiddenSeed,
      socketDir,
      onProgress: progress,
      onInfrastructureError: (message) => err(red(`Grader failure: ${message}`)),
    })
    const extension = grader.question.kind === 'python' ? '.py' : '.sql'
    const files = await answerFiles(options.paths, extension)
    const batch = files.length > 1 || options.watch === true
    const gradeFile = async (file: string): Promise<GradeResult | null> => {
      const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        err(red(`Cannot read the answer file ${file}: ${error.code ?? error.message}`))
        return null
      })
      return source === null ? null : grader!.grade(source)
    }

    const results: { file: string; result: GradeResult | null }[] = []
    for (const file of files) {
      const result = await gradeFile(file)
      results.push({ file, result })
      if (options.json) {
        if (options.watch && result) out(JSON.stringify({ file, result }))
      } else if (result) {
        out(batch ? `${bold(`── ${file}`)}\n${formatGradeResult(result)}\n` : formatGradeResult(result))
      }
    }
    if (options.json && !options.watch) {
      const graded = results.filter((entry) => entry.result !== null)
      out(JSON.stringify(batch ? graded : graded[0]?.result, null, 2))
    }
    if (batch && !options.json) out(summary(results))
    const failed = results.some(({ result }) => result === null || result.verdict === 'error')
    if (!options.watch) return failed ? 1 : 0

    // Said even with --json (on stderr): it is the moment saving starts to count.
    const watching = () => err(dim(`Watching ${files.length === 1 ? files[0] : `${files.length} answers`} — save to grade again, Ctrl-C to stop.`))
    await watchAnswers(options.paths, files, extension, options.signal, watching, async (file) => {
      const result = await gradeFile(file)
      if (result) out(options.json ? JSON.stringify({ file, result }) : `${bold(`── ${file} (${new Date().toLocaleTimeString()})`)}\n${formatGradeResult(result)}\n`)
      options.onGraded?.(file, result)
    })
    return 0
  } catch (error) {
    if (error instanceof CourseValidationError) err(red(`The course does not load:\n${error.issues.map(formatCourseIssue).join('\n')}`))
    else if (error instanceof GradeCommandError || error instanceof AnswerGraderError || error instanceof UnknownHomeworkError) err(red(error.message))
    else err(red(`Grading failed: ${error instanceof Error ? error.message : String(error)}`))
    return 1
  } finally {
    await grader?.close()
  }
}

function summary(results: { result: GradeResult | null }[]): string {
  const counts = new Map<string, number>()
  for (const { result } of results) counts.set(result?.verdict ?? 'unreadable', (counts.get(result?.verdict ?? 'unreadable') ?? 0) + 1)
  return bold(`${results.length} answers: ${[...counts].map(([verdict, count]) => `${count} ${verdict}`).join(', ')}`)
}

/**
 * Calls `regrade` for an answer file each time it is written (editors often save by writing a new
 * file and renaming it, so the folders are watched, not the files), and for new files of the
 * question's kind in a watched folder. A burst of events for one file makes one grade (150 ms quiet),
 * and grades run one at a time. Resolves when `signal` fires.
 */
async function watchAnswers(
  paths: string[],
  files: string[],
  extension: string,
  signal: AbortSignal | undefined,
  onWatching: () => void,
  regrade: (file: string) => Promise<void>,
): Promise<void> {
  const watched = new Set(files.map((file) => path.resolve(file)))
  /** Folder → whether any new file of the question's kind in it counts (it was given as a folder). */
  const folders = new Map<string, boolean>(files.map((file) => [path.dirname(path.resolve(file)), false]))
  for (const given of paths) if (await isFolder(given)) folders.set(path.resolve(given), true)
  const counts = (file: string, wholeFolder: boolean) => watched.has(file) || (wholeFolder && file.endsWith(extension) && !path.basename(file).startsWith('.'))
  const isFile = (file: string) => stat(file).then((info) => info.isFile(), () => false)

  const timers = new Map<string, NodeJS.Timeout>()
  let queue = Promise.resolve()
  const watchers: FSWatcher[] = [...folders].map(([folder, wholeFolder]) =>
    watch(folder, (_event, name) => {
      const file = name ? path.join(folder, name.toString()) : null
      if (!file || !counts(file, wholeFolder)) return
      clearTimeout(timers.get(file))
      const fire = () => {
        timers.delete(file)
        queue = queue.then(async () => {
          if (!(await isFile(file))) return
          watched.add(file)
          await regrade(path.relative(process.cwd(), file) || file)
        })
      }
      timers.set(file, setTimeout(fire, 150))
    }),
  )
  onWatching()
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve()
    else signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  watchers.forEach((watcher) => watcher.close())
  timers.forEach((timer) => clearTimeout(timer))
  await queue
}

export async function run(args: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        course: { type: 'string' },
        question: { type: 'string' },
        'answer-file': { type: 'string', multiple: true },
        watch: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 1
  }
  const { values, positionals } = parsed
  const paths = [...(values['answer-file'] ?? []), ...positionals]
  if (!values.course || !values.question || paths.length === 0) {
    console.error(USAGE)
    return 1
  }
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  return gradeAnswers({ course: values.course, question: values.question, paths, json: values.json, watch: values.watch, signal: stop.signal })
}
