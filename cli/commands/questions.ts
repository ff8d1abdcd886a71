// `syllabus questions check [course-dir|slug] [--question <hw>/<question>] [--watch] [--json]`
// `syllabus questions kill [course-dir|slug] [--question <hw>/<question>]`: searches each question's
// killing databases (graders/sql/killing) and writes them to hidden/killing/<question-id>.json.
// The author's check of every SQL (postgres) question, in one process on one grading environment:
// mutation score on the public and hidden data, surviving mutants printed as exact SQL, the author's
// wrong answers and accepted alternatives, and the reference problems that must fail (see
// graders/sql/author-checks/check-sql-question.ts). Exit 1 when any question fails. `--watch`
// re-checks when the course folder changes. Without a course, every course under the configured root.
import { watch } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CourseReader } from '../../course/course-reader.ts'
import { CourseValidationError, formatCourseIssue } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { hiddenDirOf, readSqlAlternatives } from '../../course/sql-alternatives.ts'
import { checkSqlQuestion, type SqlQuestionCheckReport } from '../../graders/sql/author-checks/check-sql-question.ts'
import { formatKillingData, killingDataPath } from '../../course/killing-data.ts'
import { killingTargets } from '../../graders/sql/killing/killing-targets.ts'
import { searchKillingData } from '../../graders/sql/killing/search-killing-data.ts'
import { generateMutants } from '../../graders/sql/mutants/generate-mutants.ts'
import { LruPromiseCache } from '../../graders/sql/reference-cache.ts'
import type { ReferenceResult } from '../../graders/sql/grade-sql-answer.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from '../../graders/sql/sql-question-from-course.ts'
import { coursesRoot, readEnv } from '../../server/env.ts'
import { bold, dim, formatDuration, green, red } from '../lib/progress.ts'
import { loadCourseArgument } from './grade.ts'

const USAGE = [
  'Usage: npm run syllabus -- questions check [course-dir|slug] [--question <homework-id>/<question-id>] [--watch] [--json]',
  '       npm run syllabus -- questions kill [course-dir|slug] [--question <homework-id>/<question-id>]',
].join('\n')

interface SelectedQuestion {
  course: LoadedCourse
  homeworkSlug: string
  question: LoadedSqlQuestion
}

function sqlQuestions(courses: LoadedCourse[], only: string | undefined): SelectedQuestion[] {
  const all = courses.flatMap((course) =>
    course.weeks.flatMap((week) =>
      (week.homework?.questions ?? []).flatMap((question) =>
        question.kind === 'sql' && question.engine === 'postgres' ? [{ course, homeworkSlug: week.homework!.slug, question }] : [],
      ),
    ),
  )
  if (!only) return all
  const chosen = all.filter((entry) => `${entry.homeworkSlug}/${entry.question.slug}` === only)
  if (chosen.length === 0) {
    throw new Error(`No postgres SQL question "${only}". SQL questions: ${all.map((entry) => `${entry.homeworkSlug}/${entry.question.slug}`).join(', ') || 'none'}.`)
  }
  return chosen
}

function percent(score: number): string {
  return `${Math.floor(score * 1000) / 10} %`
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n')
}

export function formatQuestionReport(report: SqlQuestionCheckReport): string {
  const { mutants } = report
  const counted = mutants.killed.length + mutants.surviving.length
  const mark = report.passed ? green('✓') : red('✗')
  const extras = [
    `${mutants.notRunning.length} not running`,
    ...(mutants.equivalent.length > 0 ? [`${mutants.equivalent.length} declared equivalent`] : []),
    `wrong answers ${report.wrongAnswers.filter((entry) => entry.ok).length}/${report.wrongAnswers.length}`,
    `alternatives ${report.alternatives.filter((entry) => entry.ok).length}/${report.alternatives.length}`,
  ]
  const lines = [`${mark} ${bold(report.id)}  mutants killed ${mutants.killed.length}/${counted} (${percent(report.score)})  ${dim(extras.join(', '))}`]
  for (const failure of report.failures) lines.push(red(`    ✗ ${failure}`))
  for (const answer of [...report.wrongAnswers, ...report.alternatives]) if (!answer.ok) lines.push(red(`    ✗ ${answer.file}: ${answer.message}`))
  for (const mutant of mutants.surviving) {
    lines.push(`    ${red('survives')} ${mutant.id} (${mutant.operator}: ${mutant.description}) — this wrong query passes:`)
    lines.push(dim(indent(mutant.sql, '        ')))
  }
  return lines.join('\n')
}

async function checkAll(environment: SqlGradingEnvironment, selected: SelectedQuestion[], cache: LruPromiseCache<ReferenceResult>, json: boolean) {
  const reports: SqlQuestionCheckReport[] = []
  for (const { homeworkSlug, question } of selected) {
    const spec = sqlQuestionFromCourse(homeworkSlug, question)
    const alternatives = await readSqlAlternatives(hiddenDirOf(question.hidden, question.spec.solution), question.slug)
    const report = await checkSqlQuestion({
      question: spec,
      runner: environment.runner,
      datasets: environment.datasetsFor(spec.dataset),
      wrongAnswers: question.hidden.wrongAnswers.map((wrong) => ({ file: wrong.file, expect: wrong.expect, text: wrong.text })),
      alternatives,
      equivalentMutants: question.spec.equivalent_mutants,
      referenceCache: cache,
      killingData: question.hidden.killingData,
      killing: await environment.killingDatabasesFor(question.hidden.killingData),
    })
    reports.push(report)
    if (!json) console.log(formatQuestionReport(report))
  }
  return reports
}

/** `questions kill`: the search for every selected question; exit 1 when a mutant stays alive. */
async function writeKillingData(adminUrl: string, selected: SelectedQuestion[]): Promise<number> {
  let unkilledTotal = 0
  for (const { homeworkSlug, question } of selected) {
    const spec = sqlQuestionFromCourse(homeworkSlug, question)
    const declared = (question.spec.equivalent_mutants ?? []).map((entry) => entry.id)
    const mutants = killingTargets(await generateMutants(spec.solutionSql), declared, question.hidden.wrongAnswers)
    const hiddenDir = hiddenDirOf(question.hidden, question.spec.solution)
    const alternatives = (await readSqlAlternatives(hiddenDir, question.slug)).map((alternative) => alternative.text)
    const started = performance.now()
    const found = await searchKillingData({ adminUrl, question: spec, mutants, alternatives, onProgress: (message) => console.error(dim(message)) })
    const file = killingDataPath(hiddenDir, question.slug)
    if (found.data) {
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, formatKillingData(found.data))
    }
    const rows = found.data?.databases.map((database) => Object.values(database.tables).reduce((sum, table) => sum + (table?.rows.length ?? 0), 0)) ?? []
    const mark = found.unkilled.length === 0 ? green('✓') : red('✗')
    console.log(
      `${mark} ${bold(spec.id)}  killed ${found.killed.length}/${mutants.length} on ${rows.length} database(s) of ${rows.join(', ') || 0} rows ${dim(`(${found.candidatesTried} candidates${found.killedByGuided.length > 0 ? `, ${found.killedByGuided.length} killed only by constraint-guided ones` : ''}, ${formatDuration(performance.now() - started)})`)}`,
    )
    for (const mutant of found.unkilled) {
      const advice = mutant.operator === 'wrong answer' ? 'no small database caught it: look for the rows that tell it apart' : 'equivalent? declare it in equivalent_mutants with the reason'
      console.log(`    ${red('not killed')} ${mutant.id} (${mutant.operator}: ${mutant.description}) — ${advice}:`)
      console.log(dim(indent(mutant.sql, '        ')))
    }
    unkilledTotal += found.unkilled.length
  }
  return unkilledTotal === 0 ? 0 : 1
}

function summary(reports: SqlQuestionCheckReport[], ms: number): string {
  const killed = reports.reduce((sum, report) => sum + report.mutants.killed.length, 0)
  const counted = reports.reduce((sum, report) => sum + report.mutants.killed.length + report.mutants.surviving.length, 0)
  const failed = reports.filter((report) => !report.passed).length
  const colour = failed === 0 ? green : red
  return `\n${colour(`${reports.length - failed}/${reports.length} questions pass`)}; mutants killed ${killed}/${counted} (${percent(counted === 0 ? 1 : killed / counted)}) ${dim(`in ${formatDuration(ms)}`)}`
}

export async function run(args: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { question: { type: 'string' }, watch: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 1
  }
  const [subcommand, courseArgument, ...rest] = parsed.positionals
  if ((subcommand !== 'check' && subcommand !== 'kill') || rest.length > 0) {
    console.error(USAGE)
    return 1
  }
  const { values } = parsed
  const { GRADING_DATABASE_URL: adminUrl, SYLLABUS_DATASET_HIDDEN_SEED: hiddenSeed } = readEnv()
  if (!adminUrl) {
    console.error('GRADING_DATABASE_URL is not set: give the superuser URL of the grading PostgreSQL cluster.')
    return 1
  }
  const load = async () => (courseArgument ? [await loadCourseArgument(courseArgument)] : await new CourseReader(coursesRoot()).readAll())
  const progress = (message: string) => {
    if (!values.json) console.error(dim(message))
  }
  const once = async (environment: SqlGradingEnvironment, cache: LruPromiseCache<ReferenceResult>) => {
    const started = performance.now()
    try {
      const reports = await checkAll(environment, sqlQuestions(await load(), values.question), cache, values.json)
      if (values.json) console.log(JSON.stringify(reports, null, 2))
      else console.log(summary(reports, performance.now() - started))
      return reports.every((report) => report.passed) ? 0 : 1
    } catch (error) {
      if (error instanceof CourseValidationError) console.error(red(`The course does not load:\n${error.issues.map(formatCourseIssue).join('\n')}`))
      else console.error(red(error instanceof Error ? error.message : String(error)))
      return 1
    }
  }

  if (subcommand === 'kill') {
    try {
      const selected = sqlQuestions(courseArgument ? [await loadCourseArgument(courseArgument)] : await new CourseReader(coursesRoot()).readAll(), values.question)
      return await writeKillingData(adminUrl, selected)
    } catch (error) {
      if (error instanceof CourseValidationError) console.error(red(`The course does not load:\n${error.issues.map(formatCourseIssue).join('\n')}`))
      else console.error(red(error instanceof Error ? error.message : String(error)))
      return 1
    }
  }

  progress('Preparing the grading cluster (datasets, sandbox role)…')
  const environment = await openSqlGradingEnvironment(adminUrl, { onProgress: progress, poolSize: 4, idleTimeoutMs: 200, hiddenSeed })
  try {
    const cache = new LruPromiseCache<ReferenceResult>(1024)
    const code = await once(environment, cache)
    if (!values.watch) return code
    const folders = courseArgument ? [(await loadCourseArgument(courseArgument)).dir] : [coursesRoot()]
    progress(`Watching ${folders.join(', ')} — Ctrl-C to stop.`)
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined
      let running = Promise.resolve()
      const watchers = folders.map((folder) =>
        watch(folder, { recursive: true }, () => {
          clearTimeout(timer)
          timer = setTimeout(() => {
            running = running.then(async () => {
              console.log(dim(`\n— change seen, checking again (${new Date().toLocaleTimeString()}) —`))
              await once(environment, cache)
            })
          }, 300)
        }),
      )
      process.once('SIGINT', () => {
        watchers.forEach((watcher) => watcher.close())
        resolve()
      })
    })
    return 0
  } finally {
    await environment.close()
  }
}
